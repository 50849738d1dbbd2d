import type { AuditVerifyResult } from '@incident-desk/shared';
import type { EntityManager } from 'typeorm';
import { auditRowHash, GENESIS_HASH } from './audit.service';

/**
 * Walks one firm's chain in order and names the first row that does not fit: a gap in the sequence,
 * a previous-hash link that does not match, or a row whose content no longer matches its hash.
 * Runs inside a transaction scoped to the firm.
 */
export async function verifyAuditChain(em: EntityManager, firmId: string, batch = 5000): Promise<AuditVerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows: any[] = await em.query(
      `select firm_id, id, seq, actor_id, actor_role, client_id, entity, entity_id, action, changes, request_id, ip,
              created_at, prev_hash, hash
         from audit_logs where firm_id = $1 and seq >= $2 order by seq limit $3`,
      [firmId, expectedSeq, batch],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      const broken = (reason: string): AuditVerifyResult => ({ ok: false, checked, firstBroken: { seq, id: r.id, reason } });
      if (seq !== expectedSeq) return { ok: false, checked, firstBroken: { seq: expectedSeq, id: r.id, reason: `row ${expectedSeq} is missing` } };
      if (r.prev_hash !== prevHash) return broken('previous-hash link does not match the row before');
      const hash = auditRowHash({
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
      });
      if (hash !== r.hash) return broken('content does not match its hash');
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  const head: any[] = await em.query('select last_seq, last_hash from audit_heads where firm_id = $1', [firmId]);
  if (head.length && (Number(head[0].last_seq) !== expectedSeq - 1 || head[0].last_hash !== prevHash)) {
    return { ok: false, checked, firstBroken: { seq: expectedSeq, id: '', reason: 'rows after this one were removed' } };
  }
  return { ok: true, checked, firstBroken: null };
}
