import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { NotificationsService, type NotificationEvent } from '../../server/src/notifications/notifications.service';
import { TenantDb } from '../../server/src/tenancy/tenant-db.service';
import type { Session, TestApp } from './app';

/**
 * The test-only way to emit events: the engine's emit, in a transaction scoped to the user (as a request's is), which
 * part B calls from the services where the events happen. `after` runs in the same transaction (a failure rolls back).
 */
export async function emitAs(t: TestApp, s: Session, event: NotificationEvent, after?: () => Promise<void>) {
  const db = t.app.get(TenantDb);
  return db.runAs(s.user.firmId, s.user.id, { requestId: 'test-emit', ip: null }, async () => {
    const r = await t.app.get(NotificationsService).emit(event);
    await after?.();
    return r;
  });
}

/** Grades an incident relatively_major through the API (the incident_major event, from where it happens). */
export async function gradeMajor(t: TestApp, s: Session, incidentId: string, grade: 'relatively_major' | 'major' | 'especially_major' = 'relatively_major') {
  const res = await t.api().post(`/api/incidents/${incidentId}/grade`).set(s.auth).send({
    inputs: { criticalInfrastructureAffected: false, outageHours: 1, peopleAffected: 10, personalInfoRecords: 100, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' },
    grade, rationale: '影响扩大',
  });
  if (res.status !== 200 && res.status !== 201) throw new Error(`grading ${incidentId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** An HTTP server on 127.0.0.1 that records each request and answers with `answer` (default 200 {}). */
export async function startReceiver(answer: (r: ReceivedRequest) => { status?: number; body?: unknown } = () => ({})): Promise<{ base: string; requests: ReceivedRequest[]; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      requests.push(r);
      const a = answer(r);
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body ?? {}));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface ReceivedMail {
  mail: ParsedMail;
  to: string[];
  at: number;
}

/** An SMTP server on 127.0.0.1 (no STARTTLS: its built-in certificate has expired) that parses what it receives. */
export async function startSmtp(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    hideSTARTTLS: true,
    authOptional: true,
    logger: false,
    disableReverseLookup: true,
    onData(stream, session, cb) {
      simpleParser(stream).then(
        (mail) => {
          mails.push({ mail, to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), at: Date.now() });
          cb();
        },
        (e) => cb(e),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((r) => server.close(() => r())) };
}

/** How DingTalk checks a signed robot call: sign = Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), within an hour. */
export function dingtalkSignatureValid(url: string, secret: string): boolean {
  const u = new URL(url, 'http://x');
  const timestamp = u.searchParams.get('timestamp') ?? '';
  const sign = u.searchParams.get('sign') ?? '';
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return sign === expected && Math.abs(Date.now() - Number(timestamp)) < 3600_000;
}

/** How Feishu checks a signed bot call: sign = Base64(HMAC-SHA256(key = timestamp + "\n" + secret, "")), seconds, within an hour. */
export function feishuSignatureValid(body: { timestamp?: string; sign?: string }, secret: string): boolean {
  const expected = createHmac('sha256', `${body.timestamp}\n${secret}`).update('').digest('base64');
  return body.sign === expected && Math.abs(Date.now() / 1000 - Number(body.timestamp)) < 3600;
}

/** How a receiver of our webhooks checks them: t=…,v1=hex(HMAC-SHA256(secret, t + "." + body)), at most 5 minutes old. */
export function webhookSignatureValid(header: string | undefined, rawBody: string, secret: string, toleranceSec = 300): boolean {
  if (!header) return false;
  let t = NaN;
  const sigs: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === 't') t = Number(v);
    else if (k === 'v1') sigs.push(v);
  }
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'));
  return sigs.some((s) => {
    const b = Buffer.from(s);
    return b.length === expected.length && timingSafeEqual(b, expected);
  });
}

/** Waits until `check` returns something truthy (polling), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 20_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as T;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
