import { request } from 'node:http';

/** One request of the load: when it was sent and answered, and how (a status, or the socket error's code). */
export interface Sample {
  kind: 'read' | 'write';
  /** a write's note text (unique) */
  note: string | null;
  start: number;
  end: number;
  status: number;
  error: string | null;
  retryAfter: string | null;
}

/** A write the server acknowledged (201): it must be there after any fault. */
export interface Ack {
  id: string;
  at: number;
  token: string;
}

export interface Actor {
  token: string;
  incidentIds: string[];
}

export interface HttpResult {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One HTTP request on a connection of its own (no keep-alive: each request is either answered, refused before the
 * server saw it — ECONNREFUSED — or cut, which the fault tests count apart).
 */
export function http(url: string, method: string, path: string, opts: { token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const req = request(
      `${url}${path}`,
      {
        method,
        agent: false,
        timeout: opts.timeoutMs ?? 30_000,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A request whose body comes slowly: the headers now, half the body once the server has read them (it answers
 * `Expect: 100-continue` when its request handler has the request: `accepted`), the rest when `finish()` is called —
 * a request in flight at the server for as long as the caller likes.
 */
export function slowRequest(
  url: string,
  method: string,
  path: string,
  token: string,
  body: unknown,
): { accepted: Promise<void>; finish(): void; response: Promise<HttpResult> } {
  const data = Buffer.from(JSON.stringify(body));
  const half = Math.floor(data.length / 2);
  let req!: ReturnType<typeof request>;
  let accept!: () => void;
  const accepted = new Promise<void>((r) => (accept = r));
  const response = new Promise<HttpResult>((resolve, reject) => {
    req = request(
      `${url}${path}`,
      {
        method,
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(data.length), expect: '100-continue' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('continue', () => {
      req.write(data.subarray(0, half));
      accept();
    });
  });
  req.flushHeaders();
  return { accepted, finish: () => req.end(data.subarray(half)), response };
}

/** The timeline notes written on the actors' incidents (their bodies), to tell which writes the server took. */
export async function noteBodies(url: string, actors: Actor[]): Promise<Set<string>> {
  const bodies = new Set<string>();
  for (const a of actors) {
    for (const incidentId of a.incidentIds) {
      const filter = encodeURIComponent(JSON.stringify({ incidentId }));
      const res = await http(url, 'GET', `/api/timeline?filter=${filter}&range=${encodeURIComponent('[0,999]')}`, { token: a.token });
      if (res.status !== 200) throw new Error(`timeline of ${incidentId}: ${res.status}`);
      for (const e of res.body as { body: string }[]) bodies.add(e.body);
    }
  }
  return bodies;
}

/** Signs in and picks the incidents the user sees (the load reads them and writes timeline notes on them). */
export async function actor(url: string, email: string, password: string): Promise<Actor> {
  const login = await http(url, 'POST', '/api/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login ${email}: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken as string;
  const list = await http(url, 'GET', `/api/incidents?range=${encodeURIComponent('[0,19]')}`, { token });
  if (list.status !== 200 || !list.body.length) throw new Error(`incidents of ${email}: ${list.status}`);
  return { token, incidentIds: list.body.map((i: { id: string }) => i.id) };
}

/**
 * Requests at a steady rate (`perSecond`, about a third of them writes: timeline notes, audited), from the actors in
 * turn, until stop(). Every request is recorded; every write answered 201 is an acknowledgement to find later.
 */
export class Load {
  readonly samples: Sample[] = [];
  readonly acks: Ack[] = [];
  private timer: NodeJS.Timeout | null = null;
  private pending = new Set<Promise<void>>();
  private n = 0;
  private readonly label = Math.random().toString(36).slice(2, 8);

  constructor(
    private readonly url: string,
    private readonly actors: Actor[],
    private readonly perSecond = 120,
    private readonly maxInFlight = 64,
  ) {}

  start() {
    const tick = 10;
    let owed = 0;
    this.timer = setInterval(() => {
      owed += (this.perSecond * tick) / 1000;
      while (owed >= 1) {
        owed--;
        if (this.pending.size >= this.maxInFlight) continue;
        const p = this.one().finally(() => this.pending.delete(p));
        this.pending.add(p);
      }
    }, tick);
  }

  /** Stops sending and waits for the requests still out. */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.pending]);
  }

  private async one() {
    const i = this.n++;
    const who = this.actors[i % this.actors.length];
    const incidentId = who.incidentIds[i % who.incidentIds.length];
    const kind: Sample['kind'] = i % 3 === 0 ? 'write' : 'read';
    const note = kind === 'write' ? `load note ${this.label} ${i}` : null;
    const start = Date.now();
    try {
      const res =
        kind === 'write'
          ? await http(this.url, 'POST', '/api/timeline', { token: who.token, body: { incidentId, body: note } })
          : i % 3 === 1
            ? await http(this.url, 'GET', `/api/incidents/${incidentId}`, { token: who.token })
            : await http(this.url, 'GET', `/api/incidents?range=${encodeURIComponent('[0,9]')}`, { token: who.token });
      const end = Date.now();
      const retryAfter = res.headers['retry-after'];
      this.samples.push({ kind, note, start, end, status: res.status, error: null, retryAfter: typeof retryAfter === 'string' ? retryAfter : null });
      if (kind === 'write' && res.status === 201) this.acks.push({ id: res.body.id, at: end, token: who.token });
    } catch (e) {
      this.samples.push({ kind, note, start, end: Date.now(), status: 0, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message, retryAfter: null });
    }
  }
}

/** Counts by status (or error code) of the samples sent in [from, to). */
export function byStatus(samples: Sample[], from = -Infinity, to = Infinity): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.start < from || s.start >= to) continue;
    const k = s.error ?? String(s.status);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** The acknowledged writes the server no longer has (each read back by id: 200 expected). */
export async function missingAcks(url: string, acks: Ack[]): Promise<{ id: string; status: number }[]> {
  const missing: { id: string; status: number }[] = [];
  for (let i = 0; i < acks.length; i += 16) {
    const batch = acks.slice(i, i + 16);
    const results = await Promise.all(batch.map((a) => http(url, 'GET', `/api/timeline/${a.id}`, { token: a.token })));
    results.forEach((r, k) => {
      if (r.status !== 200) missing.push({ id: batch[k].id, status: r.status });
    });
  }
  return missing;
}
