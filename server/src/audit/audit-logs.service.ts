import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_SORTS, type AuditLogRecord, type AuditVerifyResult } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, Page } from '../common/list-query';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { TenantDb } from '../tenancy/tenant-db.service';
import { AuditAnchors, readAnchors } from './anchors';
import { AuditLog } from './audit-log.entity';
import { auditKeyBytes } from './audit.service';
import { verifyAuditChain } from './verify';

const LIST: ListSpec = {
  resource: 'audit-logs',
  idColumn: 'l.id',
  sortable: { seq: 'l.seq', createdAt: 'l.created_at', entity: 'l.entity', action: 'l.action', id: 'l.id' },
  defaultSort: DEFAULT_SORTS['audit-logs'],
  filters: {
    entity: { column: 'l.entity', type: 'text' },
    entityId: { column: 'l.entity_id', type: 'text' },
    action: { column: 'l.action', type: 'text' },
    actorId: { column: 'l.actor_id', type: 'uuid' },
    clientId: { column: 'l.client_id', type: 'uuid' },
    createdAt_gte: { column: 'l.created_at', type: 'gte' },
    createdAt_lte: { column: 'l.created_at', type: 'lte' },
  },
};

const map = (l: AuditLog): AuditLogRecord => ({
  id: l.id,
  seq: Number(l.seq),
  actorId: l.actorId,
  actorRole: l.actorRole as AuditLogRecord['actorRole'],
  clientId: l.clientId,
  entity: l.entity,
  entityId: l.entityId,
  action: l.action,
  changes: l.changes,
  requestId: l.requestId,
  ip: l.ip,
  createdAt: l.createdAt.toISOString(),
  prevHash: l.prevHash,
  hash: l.hash,
});

/** Managers read their firm's audit log and verify its chain (keyed, and against its anchors). Nobody can change it. */
@Injectable()
export class AuditLogsService {
  private readonly key: Buffer;

  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly anchors: AuditAnchors,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = auditKeyBytes(config);
  }

  async list(query: ListQuery): Promise<Page<AuditLogRecord>> {
    const scope = this.access.require('audit-logs', 'list');
    const qb = this.db.repo(AuditLog).createQueryBuilder('l').where('l.firm_id = :firmId', { firmId: scope.firmId });
    return (await fetchPage(this.db.em, qb, query, LIST)).map(map);
  }

  async get(id: string): Promise<AuditLogRecord> {
    const scope = this.access.require('audit-logs', 'show');
    if (!isUuid(id)) throw notFound('audit log entry');
    const l = await this.db.repo(AuditLog).findOneBy({ firmId: scope.firmId, id });
    if (!l) throw notFound('audit log entry');
    return map(l);
  }

  async verify(): Promise<AuditVerifyResult> {
    const scope = this.access.require('audit-logs', 'verify');
    // the anchors first: every head they name was committed before this transaction's statements (see VerifyOptions)
    const anchored = await readAnchors(await this.anchors.folder(), scope.firmId);
    return verifyAuditChain(this.db.em, scope.firmId, { key: this.key, anchors: anchored.byFirm.get(scope.firmId) });
  }
}
