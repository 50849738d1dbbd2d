import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { TenantDb } from '../tenancy/tenant-db.service';
import { AuditAnchors } from './anchors';
import { canonicalJson } from '../common/canonical-json';
import { APPEND_ROW, APPEND_ROWS, NEXT_SEQ, NEXT_SEQS } from './audit.queries';

export const GENESIS_HASH = '0'.repeat(64);
const NOT_AUDITED = new Set(['passwordHash', 'updatedAt', 'createdAt']);

export type Changes = Record<string, { before: unknown; after: unknown }>;

export { canonicalJson };

export interface AuditRowForHash {
  firmId: string;
  id: string;
  seq: number | string;
  actorId: string | null;
  actorRole: string | null;
  clientId: string | null;
  entity: string;
  entityId: string | null;
  action: string;
  changes: unknown;
  requestId: string | null;
  ip: string | null;
  createdAt: Date;
  prevHash: string;
}

/**
 * A row's hash over its content and the previous row's hash: HMAC-SHA256 with the audit key (AUDIT_KEY, which
 * PostgreSQL never sees) for rows from the firm's `keyed_from` on, so that nobody with the database alone can write a
 * row that verifies; plain SHA-256 (no key) for the rows written before the chain was keyed, which stay as they are.
 */
export function auditRowHash(r: AuditRowForHash, key: Buffer | null = null): string {
  const material = canonicalJson([
    r.prevHash,
    String(r.seq),
    r.firmId,
    r.id,
    r.actorId,
    r.actorRole,
    r.clientId,
    r.entity,
    r.entityId,
    r.action,
    r.changes,
    r.requestId,
    r.ip,
    r.createdAt.toISOString(),
  ]);
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(material).digest('hex');
}

/** The audit key as the bytes the HMAC takes. */
export const auditKeyBytes = (config: Pick<AppConfig, 'auditKey'>): Buffer => Buffer.from(config.auditKey, 'utf8');

function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v === undefined) return null;
  return v === null || typeof v !== 'object' ? v : JSON.parse(JSON.stringify(v));
}

/** The fields that differ between two versions of a record (either may be null for create/delete). */
export function diff(before: object | null, after: object | null): Changes {
  const out: Changes = {};
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (NOT_AUDITED.has(key)) continue;
    const bv = plain(b[key]);
    const av = plain(a[key]);
    if (canonicalJson(bv) !== canonicalJson(av)) out[key] = { before: before ? bv : null, after: after ? av : null };
  }
  return out;
}

export interface AuditEntry {
  entity: string;
  entityId: string | null;
  action: string;
  clientId?: string | null;
  before?: object | null;
  after?: object | null;
  /** extra facts for actions that are not plain field changes (a transition's reason, …) */
  changes?: Changes;
}

/**
 * The one audit mechanism: every create, update, delete and state change calls record() inside the
 * request's transaction, so the audit row commits or rolls back with the change. Rows are chained per firm:
 * each holds the previous row's hash and its own (keyed: auditRowHash); the chain head's row lock serialises
 * concurrent appends. Once the transaction commits, the anchor writer exports the firm's head outside the database.
 */
@Injectable()
export class AuditService {
  private readonly key: Buffer;

  constructor(
    private readonly db: TenantDb,
    private readonly anchors: AuditAnchors,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = auditKeyBytes(config);
  }

  async record(entry: AuditEntry): Promise<void> {
    this.anchors.appended(await appendAudit({ query: (text, values) => this.db.rows(text, values) }, this.key, this.row(entry)));
  }

  /** An entry as the chain's row takes it: the request's firm, actor and meta, the changes with the diff. */
  private row(entry: AuditEntry): Omit<AuditRowForHash, 'id' | 'seq' | 'prevHash' | 'createdAt'> {
    const scope = this.db.scope;
    return {
      firmId: scope.firmId,
      actorId: scope.userId,
      actorRole: scope.role,
      clientId: entry.clientId ?? null,
      entity: entry.entity,
      entityId: entry.entityId,
      action: entry.action,
      changes: { ...diff(entry.before ?? null, entry.after ?? null), ...(entry.changes ?? {}) },
      ...this.db.meta,
    };
  }

  /**
   * Several entries appended together (a firm incident's children): the chain head moves once by their number and the
   * rows go in one statement, each hashed over the one before it, exactly as record() would have chained them one by one.
   */
  async recordMany(entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    if (entries.length === 1) return this.record(entries[0]);
    const appended = await appendAuditMany({ query: (text, values) => this.db.rows(text, values) }, this.key, entries.map((e) => this.row(e)));
    this.anchors.appended(appended);
  }
}

/** What an append wrote: the firm's new head, and the transaction that must commit for it to count. */
export interface Appended {
  firmId: string;
  seq: number;
  hash: string;
  /** the transaction's id (pg_current_xact_id), whose status tells the anchor writer it committed */
  xid: string;
}

export async function appendAudit(
  em: { query(text: string, values: unknown[]): Promise<any[]> },
  key: Buffer,
  row: Omit<AuditRowForHash, 'id' | 'seq' | 'prevHash' | 'createdAt'>,
): Promise<Appended> {
  const [head] = await em.query(
    NEXT_SEQ,
    [row.firmId, GENESIS_HASH],
  );
  const full: AuditRowForHash = {
    ...row,
    id: randomUUID(),
    seq: String(head.last_seq),
    prevHash: head.last_hash,
    createdAt: new Date(),
  };
  const hash = auditRowHash(full, Number(head.last_seq) >= Number(head.keyed_from) ? key : null);
  await em.query(
    APPEND_ROW,
    [
      full.firmId, full.id, full.seq, full.actorId, full.actorRole, full.clientId, full.entity, full.entityId,
      full.action, JSON.stringify(full.changes), full.requestId, full.ip, full.createdAt, full.prevHash, hash,
    ],
  );
  return { firmId: full.firmId, seq: Number(full.seq), hash, xid: head.xid };
}

/**
 * appendAudit() for several rows of one firm at once: the head's counter moves by their number under its row lock, the
 * rows are chained here in order (the first on the head's hash, each on the one before) and written in one statement.
 */
export async function appendAuditMany(
  em: { query(text: string, values: unknown[]): Promise<any[]> },
  key: Buffer,
  rows: Omit<AuditRowForHash, 'id' | 'seq' | 'prevHash' | 'createdAt'>[],
): Promise<Appended> {
  const firmId = rows[0].firmId;
  if (rows.some((r) => r.firmId !== firmId)) throw new Error('appendAuditMany: rows of one firm only');
  const [head] = await em.query(
    NEXT_SEQS,
    [firmId, GENESIS_HASH, rows.length],
  );
  // a new head starts at 1 and its hash is the genesis: the first row is seq 1 either way
  const first = Number(head.last_seq) - rows.length + 1;
  let prevHash: string = head.last_hash;
  const createdAt = new Date();
  const full = rows.map((row, k) => {
    const r: AuditRowForHash = { ...row, id: randomUUID(), seq: String(first + k), prevHash, createdAt };
    const hash = auditRowHash(r, first + k >= Number(head.keyed_from) ? key : null);
    prevHash = hash;
    return { ...r, hash };
  });
  const col = <K extends keyof (typeof full)[number]>(k: K) => full.map((r) => r[k]);
  await em.query(
    APPEND_ROWS,
    [
      firmId, col('id'), col('seq'), col('actorId'), col('actorRole'), col('clientId'), col('entity'), col('entityId'), col('action'),
      full.map((r) => JSON.stringify(r.changes)), col('requestId'), col('ip'), col('createdAt'), col('prevHash'), col('hash'), prevHash,
    ],
  );
  return { firmId, seq: first + rows.length - 1, hash: prevHash, xid: head.xid };
}
