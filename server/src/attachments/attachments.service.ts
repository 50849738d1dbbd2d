import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import {
  DEFAULT_SORTS, ATTACHMENT_ENTITIES, contentDisposition, isCommunicationEditable, sanitizeFileName, type AttachmentRecord,
  type CommunicationStatus,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { conflict, fieldError, notFound } from '../common/errors';
import { applyListQuery, isUuid, type ListQuery, type ListSpec, Page, parseListQuery } from '../common/list-query';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { TimelineService } from '../timeline/timeline.service';
import { Attachment, AttachmentContent, type KeptReport } from './attachment.entity';
import { EVIDENCE_STORE, type EvidenceStore } from '../storage';
import type { StagedFile } from '../storage/evidence-store';
import { parseRange } from '../storage/range';
import type { StagedUpload } from './upload';
import { ownerStatus } from './attachments.queries';

export class UploadAttachmentDto {
  @ApiProperty({ enum: ATTACHMENT_ENTITIES }) @IsIn(ATTACHMENT_ENTITIES) entity: string;
  @ApiProperty() @IsUUID() entityId: string;
}

const LIST: ListSpec = {
  resource: 'attachments',
  idColumn: 'a.id',
  sortable: { createdAt: 'a.created_at', fileName: 'a.file_name', size: 'a.size', contentType: 'a.content_type', removedAt: 'a.removed_at', id: 'a.id' },
  defaultSort: DEFAULT_SORTS['attachments'],
  filters: {
    entity: { column: 'a.entity', type: 'text', values: ATTACHMENT_ENTITIES },
    entityId: { column: 'a.entity_id', type: 'uuid' },
    clientId: { column: 'a.client_id', type: 'uuid' },
    contentType: { column: 'a.content_type', type: 'text' },
    uploadedById: { column: 'a.uploaded_by_id', type: 'uuid' },
    createdAt_gte: { column: 'a.created_at', type: 'gte' },
    createdAt_lte: { column: 'a.created_at', type: 'lte' },
  },
  search: ['a.file_name', 'a.sha256'],
};

export const mapAttachment = (a: Attachment): AttachmentRecord => ({
  id: a.id, entity: a.entity as AttachmentRecord['entity'], entityId: a.entityId, clientId: a.clientId, fileName: a.fileName, sha256: a.sha256,
  size: Number(a.size), contentType: a.contentType, uploadedById: a.uploadedById, createdAt: a.createdAt.toISOString(),
  removedAt: a.removedAt?.toISOString() ?? null, removedById: a.removedById, report: a.report ?? null,
});

/**
 * The record a file hangs off: its table, and whether files may still be added to or removed from it (a sent
 * communication and a final evaluation are final, files included). When a client admin sees its files: PORTAL_VISIBLE.
 */
const ENTITIES: Record<string, { table: string; what: string; closes?: true; open: (status: string) => boolean; closedMessage: string }> = {
  incidents: { table: 'incidents', what: 'incident', open: () => true, closedMessage: '' },
  trainings: { table: 'trainings', what: 'training', open: () => true, closedMessage: '' },
  communications: {
    table: 'communications', what: 'communication', closes: true, open: (s) => isCommunicationEditable(s as CommunicationStatus),
    closedMessage: 'the communication is no longer a draft: its files are final',
  },
  evaluations: {
    table: 'evaluations', what: 'evaluation', closes: true, open: (s) => s === 'draft', closedMessage: 'the evaluation is final: its files are final',
  },
};

/**
 * A client admin's files (attachment as `a`): not removed, on a training, a sent or received client-visible
 * communication or a final shared evaluation (CLIENT_VISIBLE_ATTACHMENT_ENTITIES) — `client_shared`, which the
 * database keeps from the record (migration 1767400000000) and row-level security reads too.
 */
const PORTAL_VISIBLE = 'a.client_shared';

/**
 * A download's answer: the whole file (200), one range of it (206), a redirect to a signed link of the S3 store
 * (302), or a range past the end (416).
 */
export interface Download {
  status: 200 | 206 | 302 | 416;
  headers: Record<string, string>;
  body: Readable | Buffer | null;
}

/**
 * Files on incidents, communications, evaluations and trainings. The bytes are in the evidence store (storage/: a
 * folder or an S3 bucket), streamed in and out, the metadata in PostgreSQL; files from before the store stay in
 * `attachment_contents` until moved (storage/move.ts). The bytes never change; the content type is detected from the
 * content; removal is recorded and the bytes stay. Client admins list and download the files on their own company's
 * trainings, and on the communications and evaluations they see.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
    @Inject(EVIDENCE_STORE) private readonly store: EvidenceStore,
  ) {}

  private get portal() {
    return this.db.scope.role === 'client_admin';
  }

  async list(query: ListQuery): Promise<Page<AttachmentRecord>> {
    const scope = this.access.require('attachments', 'list');
    const parsed = parseListQuery(query, LIST, ['removed']);
    const { removed, ...rest } = parsed.filter;
    const qb = this.db.repo(Attachment).createQueryBuilder('a').where('a.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('a.client_id = any(:clientIds)', { clientIds: scope.clientIds });
    if (this.portal) qb.andWhere(PORTAL_VISIBLE);
    if (removed !== undefined && removed !== null && typeof removed !== 'boolean') throw fieldError('filter.removed', 'must be true or false');
    // removed ones only on request, and never for client admins
    qb.andWhere(removed === true && !this.portal ? 'a.removed_at is not null' : removed === true ? 'false' : 'a.removed_at is null');
    applyListQuery(qb, { ...parsed, filter: rest }, LIST);
    const [items, total] = await qb.getManyAndCount();
    return new Page('attachments', items.map(mapAttachment), parsed.start, total);
  }

  async get(id: string): Promise<AttachmentRecord> {
    this.access.require('attachments', 'show');
    return mapAttachment(await this.find(id));
  }

  /** An attachment the caller may see, or 404 (for client admins: not removed, on a record they see; PORTAL_VISIBLE). */
  private async find(id: string): Promise<Attachment> {
    const scope = this.db.scope;
    if (!isUuid(id)) throw notFound('attachment');
    const qb = this.db.repo(Attachment).createQueryBuilder('a').where('a.firm_id = :firmId and a.id = :id', { firmId: scope.firmId, id });
    if (this.portal) qb.andWhere(PORTAL_VISIBLE);
    const a = await qb.getOne();
    if (!a) throw notFound('attachment');
    this.access.requireClient(scope, a.clientId, 'attachment');
    return a;
  }

  /**
   * The status of the record a file goes on or comes off. One whose files can become final (a communication, an
   * evaluation) is read `FOR SHARE`: it stays open until this file is in or out, and sending or finalizing it waits.
   */
  private async owner(def: (typeof ENTITIES)[string], entityId: string): Promise<{ client_id: string; status: string } | undefined> {
    const rows: { client_id: string; status: string }[] = await this.db.em.query(
      ownerStatus(def.table, !!def.closes),
      [this.db.scope.firmId, entityId],
    );
    return rows[0];
  }

  /** The record a file goes on: it exists in the caller's scope (else 400 naming entityId) and is still open. */
  private async target(entity: string, entityId: string): Promise<{ clientId: string }> {
    const scope = this.db.scope;
    const def = ENTITIES[entity];
    if (!def) throw fieldError('entity', `must be one of ${Object.keys(ENTITIES).join(', ')}`);
    const row = await this.owner(def, entityId);
    if (!row || (scope.clientIds !== 'all' && !scope.clientIds.includes(row.client_id))) throw fieldError('entityId', `no such ${def.what}`);
    if (!def.open(row.status)) throw fieldError('entityId', def.closedMessage);
    return { clientId: row.client_id };
  }

  /**
   * The file came streamed into the store, staged (attachments/upload.ts: evidenceEngine). Here, in the request's
   * transaction, it is checked, committed to the store (findable under its key) and recorded; a failure after this
   * point rolls the row back and EvidenceUploadErrors removes what was staged.
   */
  async upload(dto: UploadAttachmentDto, file: StagedUpload | undefined): Promise<AttachmentRecord> {
    const scope = this.access.require('attachments', 'create');
    if (!file?.staged) throw fieldError('file', 'is required');
    if (!file.staged.size) throw fieldError('file', 'is empty');
    const { clientId } = await this.target(dto.entity, dto.entityId);
    const storageKey = await this.store.commit(file.staged);
    return this.record({
      target: { entity: dto.entity, entityId: dto.entityId, clientId }, fileName: file.originalname, staged: file.staged, contentType: file.contentType,
      storageKey, report: null, claimedContentType: file.mimetype,
    });
  }

  /**
   * A file committed to the store, recorded: its row, the audit row (with the type the uploader claimed when it differs
   * from the one detected) and, on an incident, the internal timeline entry (with `timeline` added to its data).
   */
  private async record(f: {
    target: { entity: string; entityId: string; clientId: string }; fileName: string; staged: StagedFile; contentType: string; storageKey: string;
    report: KeptReport | null; claimedContentType?: string; timeline?: Record<string, unknown>;
  }): Promise<AttachmentRecord> {
    const scope = this.db.scope;
    const { entity, entityId, clientId } = f.target;
    const a = this.db.repo(Attachment).create({
      firmId: scope.firmId, id: randomUUID(), clientId, entity, entityId, fileName: sanitizeFileName(f.fileName),
      sha256: f.staged.sha256, size: String(f.staged.size), contentType: f.contentType,
      uploadedById: scope.userId, createdAt: new Date(), removedAt: null, removedById: null, storageKey: f.storageKey, report: f.report,
    });
    await this.db.repo(Attachment).insert(a);
    const record = mapAttachment(a);
    await this.audit.record({
      entity: 'attachments', entityId: a.id, clientId, action: 'create', after: record,
      changes: f.claimedContentType && f.claimedContentType !== a.contentType ? { claimedContentType: { before: null, after: f.claimedContentType } } : undefined,
    });
    if (entity === 'incidents') {
      await this.timeline.add({ id: entityId, clientId }, {
        kind: 'attachment', visibility: 'internal', body: a.fileName, data: { attachmentId: a.id, sha256: a.sha256, size: f.staged.size, action: 'added', ...f.timeline },
      });
    }
    return record;
  }

  /**
   * The report of this incident kept from the same facts (`fingerprint`) and not removed, or null: a report is kept once
   * while its facts stay the same.
   */
  async keptReport(incidentId: string, fingerprint: string): Promise<AttachmentRecord | null> {
    const a = await this.db.repo(Attachment).createQueryBuilder('a')
      .where(`a.firm_id = :firmId and a.entity = 'incidents' and a.entity_id = :incidentId and a.removed_at is null and a.report ->> 'fingerprint' = :fingerprint`,
        { firmId: this.db.scope.firmId, incidentId, fingerprint })
      .getOne();
    return a ? mapAttachment(a) : null;
  }

  /**
   * Keeps a report the server made (the incident report) on its incident, as an upload is kept: the bytes streamed into
   * the evidence store and committed in the request's transaction, the row (with its SHA-256), the audit row and the
   * internal timeline entry (whose `data.report` marks it). The caller holds the incident's lock and has checked that
   * this report is not kept already (keptReport). Staged bytes of a request that fails before the commit are removed.
   */
  async keepReport(
    incident: { id: string; clientId: string },
    file: { fileName: string; contentType: string; content: Buffer; report: KeptReport },
    timeline: Record<string, unknown> = {},
  ): Promise<AttachmentRecord> {
    this.access.require('attachments', 'create');
    const staged = await this.store.stage(Readable.from([file.content]));
    let storageKey: string;
    try {
      storageKey = await this.store.commit(staged);
    } catch (e) {
      await this.store.discard(staged).catch(() => undefined);
      throw e;
    }
    return this.record({
      target: { entity: 'incidents', entityId: incident.id, clientId: incident.clientId }, fileName: file.fileName, staged, contentType: file.contentType,
      storageKey, report: file.report, timeline: { report: { lang: file.report.lang, version: file.report.version }, ...timeline },
    });
  }

  /**
   * The bytes, with the headers of a safe download; the download is audited. From the folder store (or PostgreSQL, for
   * a file not moved yet) streamed, the whole file or the one range asked for (`Range`, unless an `If-Range` names
   * other content); from the S3 store a redirect to a signed link valid for STORAGE_LINK_TTL_SECONDS.
   */
  async content(id: string, ask: { range?: string; ifRange?: string } = {}): Promise<Download> {
    this.access.require('attachments', 'show');
    const a = await this.find(id);
    const etag = `"${a.sha256}"`;
    const type = a.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : a.contentType;
    const disposition = contentDisposition(a.fileName);
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Content-Disposition': disposition,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
      ETag: etag,
      'Accept-Ranges': 'bytes',
    };
    let legacy: Buffer | null = null;
    if (!a.storageKey) {
      const row = await this.db.repo(AttachmentContent).findOneBy({ firmId: a.firmId, id: a.id });
      if (!row) throw notFound('attachment');
      legacy = row.content;
    }
    await this.audit.record({ entity: 'attachments', entityId: a.id, clientId: a.clientId, action: 'download', changes: { sha256: { before: null, after: a.sha256 } } });
    if (a.storageKey) {
      const link = await this.store.signedLink(a.storageKey, { fileName: a.fileName, contentDisposition: disposition, contentType: type });
      if (link) return { status: 302, headers: { Location: link, 'Cache-Control': 'private, no-store' }, body: null };
    }
    const size = Number(a.size);
    const range = ask.ifRange === undefined || ask.ifRange === etag ? parseRange(ask.range, size) : null;
    if (range === 'unsatisfiable') return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' }, body: null };
    const part = range ?? { start: 0, end: size - 1 };
    const body = legacy ? legacy.subarray(part.start, part.end + 1) : await this.store.open(a.storageKey!, part);
    headers['Content-Length'] = String(part.end - part.start + 1);
    if (!range) return { status: 200, headers, body };
    return { status: 206, headers: { ...headers, 'Content-Range': `bytes ${part.start}-${part.end}/${size}` }, body };
  }

  /** Marks it removed (who, when): hidden from lists, the bytes kept. */
  async remove(id: string): Promise<AttachmentRecord> {
    const scope = this.access.require('attachments', 'delete');
    // the record it hangs off first (FOR SHARE when it closes), then the file: sharing or sending the record updates its
    // files (migration 1767400000000), so the other order could deadlock with it. A file's record never changes.
    const seen = await this.find(id);
    const def = ENTITIES[seen.entity];
    const row = def ? await this.owner(def, seen.entityId) : undefined;
    // locked as it is now (Locks): of several equal removals one removes it, the others get 409
    const before = await this.locks.recordInScope(Attachment, id, 'attachment');
    if (before.removedAt) throw conflict('the attachment is removed already', { removedAt: before.removedAt.toISOString(), removedById: before.removedById });
    if (def && row && !def.open(row.status)) throw conflict(def.closedMessage, { status: row.status });
    await this.db.repo(Attachment).update({ firmId: scope.firmId, id }, { removedAt: new Date(), removedById: scope.userId });
    const after = await this.find(id);
    await this.audit.record({ entity: 'attachments', entityId: id, clientId: after.clientId, action: 'delete', before: mapAttachment(before), after: mapAttachment(after) });
    if (after.entity === 'incidents') {
      await this.timeline.add({ id: after.entityId, clientId: after.clientId }, {
        kind: 'attachment', visibility: 'internal', body: after.fileName, data: { attachmentId: after.id, sha256: after.sha256, action: 'removed' },
      });
    }
    return mapAttachment(after);
  }
}
