import type { AuditVerifyResult } from '@incident-desk/shared';
import type { EntityManager } from 'typeorm';
import type { FirmAnchors } from './anchors';
import { auditRowHash, GENESIS_HASH } from './audit.service';
import { CHAIN_HEAD, CHAIN_ROWS } from './audit.queries';

export interface VerifyOptions {
  /** the audit key: rows from the firm's keyed_from on are HMACs with it */
  key: Buffer;
  /**
   * The firm's anchors from the anchor store (audit/anchors.ts), read BEFORE the database: every anchored head was
   * committed before the anchor was written, so the statements below see it.
   */
  anchors?: FirmAnchors | null;
}

/**
 * Walks one firm's chain in order and names the first thing that does not fit: the point from which the chain is
 * keyed not being the one anchored outside the database, a gap in the sequence, a previous-hash link that does not
 * match, a row whose content no longer matches its hash (an HMAC with the audit key from keyed_from on, plain SHA-256
 * before), a row whose hash differs from the one anchored for its seq, a head that does not match the last row, or a
 * chain that ends before the highest anchored seq. Runs inside a transaction scoped to the firm.
 */
export async function verifyAuditChain(em: EntityManager, firmId: string, opts: VerifyOptions, batch = 5000): Promise<AuditVerifyResult> {
  const anchors = opts.anchors ?? null;
  const [head]: { last_seq: string; last_hash: string; keyed_from: string }[] = await em.query(CHAIN_HEAD, [firmId]);
  // a firm without a head has no row yet: its chain will be keyed from row 1
  const keyedFrom = head ? Number(head.keyed_from) : 1;
  if (anchors) {
    for (const [anchored, a] of anchors.keyedFrom) {
      if (anchored !== keyedFrom) {
        return {
          ok: false,
          checked: 0,
          firstBroken: {
            seq: Math.min(anchored, keyedFrom),
            id: '',
            reason: `the chain is keyed from seq ${keyedFrom} in the database, but from seq ${anchored} in the anchor written outside it at ${a.at}`,
          },
        };
      }
    }
  }
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows: any[] = await em.query(CHAIN_ROWS, [firmId, expectedSeq, batch]);
    for (const r of rows) {
      const seq = Number(r.seq);
      const broken = (reason: string): AuditVerifyResult => ({ ok: false, checked, firstBroken: { seq, id: r.id, reason } });
      if (seq !== expectedSeq) return { ok: false, checked, firstBroken: { seq: expectedSeq, id: r.id, reason: `row ${expectedSeq} is missing` } };
      if (r.prev_hash !== prevHash) return broken('previous-hash link does not match the row before');
      const keyed = seq >= keyedFrom;
      const hash = auditRowHash(
        {
          firmId: r.firm_id,
          id: r.id,
          seq: r.seq,
          actorId: r.actor_id,
          actorRole: r.actor_role,
          clientId: r.client_id,
          entity: r.entity,
          entityId: r.entity_id,
          action: r.action,
          changes: r.changes,
          requestId: r.request_id,
          ip: r.ip,
          createdAt: new Date(r.created_at),
          prevHash: r.prev_hash,
        },
        keyed ? opts.key : null,
      );
      if (hash !== r.hash) return broken(keyed ? 'content does not match its hash (HMAC with the audit key)' : 'content does not match its hash');
      const other = anchors?.bySeq.get(seq)?.find((a) => a.hash !== r.hash);
      if (other) return broken(`its hash differs from the one anchored outside the database at ${other.at}`);
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  if (head && (Number(head.last_seq) !== expectedSeq - 1 || head.last_hash !== prevHash)) {
    return { ok: false, checked, firstBroken: { seq: expectedSeq, id: '', reason: 'rows after this one were removed' } };
  }
  if (!head && checked > 0) {
    return { ok: false, checked, firstBroken: { seq: expectedSeq, id: '', reason: 'the chain head is missing' } };
  }
  if (anchors && anchors.highest.seq > expectedSeq - 1) {
    const a = anchors.highest;
    return {
      ok: false,
      checked,
      firstBroken: {
        seq: expectedSeq,
        id: '',
        reason: `the chain ends at seq ${expectedSeq - 1}, but seq ${a.seq} was anchored outside the database at ${a.at}: rows were removed`,
      },
    };
  }
  return { ok: true, checked, firstBroken: null };
}
