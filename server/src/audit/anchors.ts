import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { CHAIN_HEADS, CURRENT_DATABASE, TRANSACTION_STATUSES } from './audit.queries';

/**
 * Anchors: each firm's audit chain head (seq and hash, and the seq from which the chain is keyed) exported outside
 * the database, so that a chain rewritten or cut by someone who controls PostgreSQL no longer matches what was
 * exported (audit/verify.ts).
 *
 * The anchor store is a folder (AUDIT_ANCHOR_DIR) with a subfolder per database, of append-only files of JSON lines.
 * Every process writes a file of its own (host, process id and a random part in its name), so that several app
 * servers on one database — on one machine or sharing the folder — never write to the same file: no locks, no
 * interleaved lines. A write is one append of whole lines followed by fsync (and the folder's fsync when the file is
 * new). A reader takes the union of every file; a torn last line (a crash mid-write) is ignored.
 */
export interface Anchor {
  firmId: string;
  seq: number;
  hash: string;
  /** the first seq of the chain hashed with the audit key (audit_heads.keyed_from) */
  keyedFrom: number;
  /** when it was written, ISO */
  at: string;
  /** the writing process (host:pid) */
  by: string;
}

/** The folder of one database's anchors in the anchor store. */
export function anchorFolder(root: string, database: string): string {
  return join(root, database.replace(/[^A-Za-z0-9_-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** One process's anchor file: created on first write, reopened for each append (a moved or rotated file is fine). */
export class AnchorFile {
  readonly path: string;
  private known = false;

  constructor(readonly folder: string) {
    const host = hostname().replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || 'host';
    this.path = join(folder, `${host}-${process.pid}-${randomUUID().slice(0, 8)}.jsonl`);
  }

  /** Appends the anchors as whole lines and makes them durable before returning. */
  async append(anchors: Anchor[]): Promise<void> {
    if (!anchors.length) return;
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const file = await open(this.path, 'a', 0o600);
    try {
      await file.writeFile(anchors.map((a) => `${JSON.stringify(a)}\n`).join(''));
      await file.sync();
    } finally {
      await file.close();
    }
    if (!this.known) {
      // the new file's name is durable only once its folder is synced
      const dir = await open(this.folder, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
      this.known = true;
    }
  }
}

/** The anchors of one firm, as read from every file of the store. */
export interface FirmAnchors {
  /** seq → the anchors written for it (two different hashes for one seq: the chain was rewritten between them) */
  bySeq: Map<number, Anchor[]>;
  /** the anchor of the highest seq */
  highest: Anchor;
  /** keyed_from → the first anchor that named it (more than one value: the point was moved) */
  keyedFrom: Map<number, Anchor>;
}

export interface AnchorSet {
  byFirm: Map<string, FirmAnchors>;
  /** lines that cannot be read (a torn last line of a file is not one: it is what a crash mid-write leaves) */
  problems: string[];
  files: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;

function parseAnchor(line: string): Anchor | null {
  let a: Partial<Anchor>;
  try {
    a = JSON.parse(line);
  } catch {
    return null;
  }
  const ok = a && typeof a === 'object' && typeof a.firmId === 'string' && UUID.test(a.firmId) && Number.isSafeInteger(a.seq) && a.seq! >= 1
    && typeof a.hash === 'string' && HEX64.test(a.hash) && Number.isSafeInteger(a.keyedFrom) && a.keyedFrom! >= 1 && typeof a.at === 'string';
  return ok ? (a as Anchor) : null;
}

/** Reads every anchor file of a database's folder (only one firm's lines when `firmId` is given). */
export async function readAnchors(folder: string, firmId?: string): Promise<AnchorSet> {
  const set: AnchorSet = { byFirm: new Map(), problems: [], files: 0 };
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith('.jsonl')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return set;
    throw e;
  }
  for (const name of names) {
    const text = await readFile(join(folder, name), 'utf8');
    set.files++;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!line || (firmId && !line.includes(firmId))) continue;
      const a = parseAnchor(line);
      if (!a) {
        // the last line without its newline: a write cut short by a crash, which was never acknowledged
        if (i === lines.length - 1) continue;
        set.problems.push(`${join(folder, name)} line ${i + 1} is not an anchor`);
        continue;
      }
      if (firmId && a.firmId !== firmId) continue;
      let f = set.byFirm.get(a.firmId);
      if (!f) set.byFirm.set(a.firmId, (f = { bySeq: new Map(), highest: a, keyedFrom: new Map() }));
      const at = f.bySeq.get(a.seq);
      if (!at) f.bySeq.set(a.seq, [a]);
      else if (!at.some((x) => x.hash === a.hash)) at.push(a);
      if (a.seq > f.highest.seq) f.highest = a;
      if (!f.keyedFrom.has(a.keyedFrom)) f.keyedFrom.set(a.keyedFrom, a);
    }
  }
  return set;
}

/** After a committed append, the anchor follows within about this long (appends in between are batched). */
export const FLUSH_DELAY_MS = 1000;
/** After a failed read or write, the next attempt. */
const RETRY_DELAY_MS = 5000;

interface Head {
  firm_id: string;
  last_seq: string;
  last_hash: string;
  keyed_from: string;
}

/**
 * Writes the anchors of this server's appends: AuditService tells it of each append (firm and transaction); about a
 * second later, the transactions' status is read from PostgreSQL (pg_xact_status), and for each firm with a committed
 * one the committed head is read (audit_chain_heads) and appended to this process's anchor file if it moved. A
 * rolled-back append leaves no anchor; one still in progress is looked at again. Every firm's head is also anchored at
 * start, every AUDIT_ANCHOR_INTERVAL_SECONDS and at shutdown (which covers appends made elsewhere: other servers, the
 * seed). Nothing of this runs in a request: a failure to read or write is logged, shown by /api/health
 * (`auditAnchors: 'failing'`), and retried, and never fails the request that appended.
 */
@Injectable()
export class AuditAnchors implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('AuditAnchors');
  /** appends whose transaction was not seen to end yet: transaction id → firms */
  private readonly pending = new Map<string, Set<string>>();
  /** firms whose head must be read and anchored again (a failed attempt) */
  private readonly retry = new Set<string>();
  /** the head this process last anchored, per firm */
  private readonly anchored = new Map<string, { seq: number; hash: string }>();
  private timer: NodeJS.Timeout | null = null;
  private interval: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private file: Promise<AnchorFile> | null = null;
  private stopped = false;
  /** false from a failed read or write until the next write succeeds */
  private healthy = true;
  private failures = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** What /api/health shows (details are in the log only). */
  get status(): 'ok' | 'failing' {
    return this.healthy ? 'ok' : 'failing';
  }

  /** This database's folder in the anchor store. */
  async folder(): Promise<string> {
    return (await this.anchorFile()).folder;
  }

  /** This process's file in it. */
  async path(): Promise<string> {
    return (await this.anchorFile()).path;
  }

  /** Called by AuditService after each append, inside the request's transaction: no I/O here. */
  appended(a: { firmId: string; xid: string }): void {
    let firms = this.pending.get(a.xid);
    if (!firms) this.pending.set(a.xid, (firms = new Set()));
    firms.add(a.firmId);
    this.schedule(FLUSH_DELAY_MS);
  }

  /** Anchors the heads of the firms with an append committed since the last flush (tests call it to not wait). */
  flush(): Promise<void> {
    return this.serially(() => this.flushNow());
  }

  /** Anchors every firm's head that moved since this process last anchored it. */
  anchorAll(): Promise<void> {
    return this.serially(() => this.anchorHeads(null));
  }

  async onApplicationBootstrap() {
    this.interval = setInterval(() => void this.anchorAll(), this.config.auditAnchorIntervalSeconds * 1000);
    this.interval.unref();
    await this.anchorAll();
  }

  async beforeApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.interval) clearInterval(this.interval);
    this.timer = this.interval = null;
    await this.anchorAll();
  }

  /** Once more after the HTTP server has closed, for a request that committed meanwhile (if the pool is still open). */
  async onApplicationShutdown() {
    if (this.ds.isInitialized) await this.anchorAll();
  }

  private schedule(ms: number) {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private anchorFile(): Promise<AnchorFile> {
    this.file ??= this.ds
      .query(CURRENT_DATABASE)
      .then(([r]: { db: string }[]) => new AnchorFile(anchorFolder(this.config.auditAnchorDir, r.db)))
      .catch((e) => {
        this.file = null;
        throw e;
      });
    return this.file;
  }

  private async flushNow() {
    if (!this.pending.size && !this.retry.size) return;
    const firms = new Set(this.retry);
    if (this.pending.size) {
      let statuses: { xid: string; status: string | null }[];
      try {
        statuses = await this.ds.query(TRANSACTION_STATUSES, [[...this.pending.keys()]]);
      } catch (e) {
        this.failed('could not read the status of the appending transactions', e);
        this.schedule(RETRY_DELAY_MS);
        return;
      }
      for (const { xid, status } of statuses) {
        if (status === 'in progress') continue;
        // committed, or too old to tell (anchoring the committed head is right either way); aborted: nothing to anchor
        if (status !== 'aborted') for (const f of this.pending.get(xid) ?? []) firms.add(f);
        this.pending.delete(xid);
      }
    }
    // read after the statuses: a head read now includes every append seen committed above
    if (firms.size) await this.anchorHeads([...firms]);
    if (this.pending.size || this.retry.size) this.schedule(this.retry.size ? RETRY_DELAY_MS : FLUSH_DELAY_MS);
  }

  /** Reads the committed heads of these firms (null: every firm) and appends those that moved. */
  private async anchorHeads(firms: string[] | null) {
    let file: AnchorFile;
    let heads: Head[];
    try {
      file = await this.anchorFile();
      heads = await this.ds.query(CHAIN_HEADS, [firms]);
    } catch (e) {
      for (const f of firms ?? []) this.retry.add(f);
      this.failed('could not read the audit chain heads', e);
      this.schedule(RETRY_DELAY_MS);
      return;
    }
    const at = new Date().toISOString();
    const by = `${hostname()}:${process.pid}`;
    const anchors: Anchor[] = [];
    for (const h of heads) {
      const seq = Number(h.last_seq);
      const last = this.anchored.get(h.firm_id);
      if (last && last.seq === seq && last.hash === h.last_hash) continue;
      anchors.push({ firmId: h.firm_id, seq, hash: h.last_hash, keyedFrom: Number(h.keyed_from), at, by });
    }
    try {
      await file.append(anchors);
    } catch (e) {
      for (const a of anchors) this.retry.add(a.firmId);
      this.failed(`could not write ${file.path}`, e);
      this.schedule(RETRY_DELAY_MS);
      return;
    }
    for (const a of anchors) this.anchored.set(a.firmId, { seq: a.seq, hash: a.hash });
    if (firms) for (const f of firms) this.retry.delete(f);
    else this.retry.clear();
    if (!this.healthy) {
      this.log.log(`audit anchors written again (to ${file.path}) after ${this.failures} failed attempts`);
      this.healthy = true;
      this.failures = 0;
    }
  }

  private failed(what: string, e: unknown) {
    this.healthy = false;
    this.failures++;
    this.log.error(`audit anchor not written: ${what}: ${e instanceof Error ? e.message : String(e)} (retrying; the requests are not affected)`);
  }
}
