import { HttpStatus, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JobQueue, JobRunner } from '../jobs/job-queue';
import { FIRM_FILES_QUEUE } from '../notifications/queues';
import { ModuleRef } from '@nestjs/core';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ACCOUNT_LINK_TTL_SECONDS, DEFAULT_SORTS, type FirmRecord, type FirmUsage, type Locale } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditAnchors, readAnchors } from '../audit/anchors';
import { AuditService, auditKeyBytes } from '../audit/audit.service';
import { verifyAuditChain } from '../audit/verify';
import { AccountService } from '../auth/account.service';
import { AppError, conflict, fieldError, notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, Page } from '../common/list-query';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Firm, PLATFORM_FIRM_ID } from './firm.entity';
import { createFirm, provisionFirm } from '../seed/demo';
import { EVIDENCE_STORE, type EvidenceStore } from '../storage';
import { enterFirm, TenantDb } from '../tenancy/tenant-db.service';
import { canonicalEmail } from '../users/email';
import type { CreateFirmDto } from './firm.dto';
import { TarGzWriter, rowsToCsv } from './firm-archive';
import { CREDIT_CODE_TAKEN, CUSTOMER_FIRM, ERASE_FIRM, FIRM_ROWS, FIRM_TABLES, FIRM_USAGE, KEYS_IN_USE, SET_SUSPENDED } from './platform.queries';

interface FirmRow {
  id: string;
  name: string;
  slug: string;
  creditCode: string | null;
  timeZone: string;
  locale: string;
  suspendedAt: Date | null;
  createdAt: Date;
}

const LIST: ListSpec = {
  resource: 'firms',
  idColumn: 'f.id',
  sortable: { name: 'f.name', slug: 'f.slug', createdAt: 'f.created_at', id: 'f.id' },
  defaultSort: DEFAULT_SORTS['firms'],
  filters: { timeZone: { column: 'f.time_zone', type: 'text' }, locale: { column: 'f.locale', type: 'text' } },
  search: ['f.name', 'f.slug', 'f.credit_code'],
};

/**
 * The operator's firms (issue 20). The operator's scope is the platform's (PLATFORM_FIRM_ID): row-level security lets
 * them read the rows of `firms` and change a customer firm's suspension, nothing a firm owns. What they get of a firm
 * besides — counts, the export's rows, the erasure — comes through the owner's functions of migration 1766800000000,
 * which check the caller is an operator. Creating a firm works in the new firm's scope (as the seed does: createFirm,
 * provisionFirm) and goes back to the operator's for the platform's audit entry; every change of a firm is recorded
 * in the platform's audit chain (the platform-level audit).
 */
@Injectable()
export class PlatformFirmsService implements OnModuleInit {
  private readonly log = new Logger('PlatformFirms');

  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly anchors: AuditAnchors,
    private readonly account: AccountService,
    private readonly moduleRef: ModuleRef,
    private readonly jobs: JobQueue,
    private readonly runner: JobRunner,
    @Inject(EVIDENCE_STORE) private readonly store: EvidenceStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.runner.register({ queue: FIRM_FILES_QUEUE, handle: async (job) => void (await this.removeFiles(job.data as { keys: string[] })) });
  }

  /**
   * A deleted firm's stored files, after the deletion committed (the job was enqueued in its transaction): each whose
   * key no attachment of any firm names any more (platform_keys_in_use) leaves the store.
   */
  async removeFiles(job: { keys: string[] }): Promise<{ removed: number }> {
    const keys = [...new Set(job?.keys ?? [])].filter((k) => typeof k === 'string');
    if (!keys.length) return { removed: 0 };
    const inUse = await this.db.runUnscoped({ requestId: 'job:firm-files', ip: null }, async () =>
      new Set((await this.db.rows<{ k: string }>(KEYS_IN_USE, [keys])).map((r) => r.k)),
    );
    let removed = 0;
    for (const key of keys) {
      if (inUse.has(key)) continue;
      await this.store.remove(key);
      removed++;
    }
    this.log.log(`a deleted firm's files: ${removed} removed, ${keys.length - removed} kept (named by another attachment)`);
    return { removed };
  }

  async list(query: ListQuery): Promise<Page<FirmRecord>> {
    this.access.require('firms', 'list');
    const qb = this.db.repo(Firm).createQueryBuilder('f').where(`f.kind = 'customer'`);
    const page = await fetchPage(this.db.em, qb, query, LIST);
    const out: FirmRecord[] = [];
    for (const f of page.items) out.push(await this.record(f));
    return new Page(page.resource, out, page.start, page.total);
  }

  async get(id: string): Promise<FirmRecord> {
    this.access.require('firms', 'show');
    return this.record(await this.find(id));
  }

  /**
   * A firm with what it needs to work (the built-in playbook and templates) and its first manager, invited by e-mail
   * (no password anywhere: they set their own from the link). The credit code is unique among firms (409 when taken;
   * the unique index decides between two at once).
   */
  async create(dto: CreateFirmDto): Promise<FirmRecord & { invitation: { emailSent: boolean; expiresAt: string } }> {
    const operator = this.access.require('firms', 'create');
    const session = this.db.meta.sessionId;
    const creditCode = dto.creditCode.trim().toUpperCase();
    if ((await this.db.rows(CREDIT_CODE_TAKEN, [creditCode])).length) throw conflict('a firm with this credit code exists', { field: 'creditCode' });
    const email = canonicalEmail(dto.managerEmail);
    let created: { firmId: string; managerId: string };
    try {
      created = await createFirm(this.db.em, dto.name.trim(), creditCode.toLowerCase(), { email, name: dto.managerName.trim() }, null, {
        locale: dto.locale,
        timeZone: dto.timeZone,
        creditCode,
      });
    } catch (e) {
      if ((e as { driverError?: { code?: string } }).driverError?.code === '23505') throw conflict('a firm with this credit code exists', { field: 'creditCode' });
      throw e;
    }
    // the new firm's manager's scope: its built-ins, the invitation, the first entry of its audit chain
    const manager = await this.db.enterAs(created.firmId, created.managerId);
    if (!manager) throw new Error('the new firm\'s manager enters no scope');
    await provisionFirm(this.moduleRef);
    const emailSent = await this.account.invite(
      { firmId: created.firmId, id: created.managerId, email, name: manager.name, locale: manager.locale, clientId: null },
      operator.firmName,
    );
    await this.audit.record({ entity: 'users', entityId: created.managerId, action: 'create', after: { email, name: manager.name, role: 'manager', invitedBy: 'platform' } });
    // back in the operator's scope, in their session: the platform's audit entry
    await this.backToOperator(operator.userId, session);
    await this.audit.record({ entity: 'firms', entityId: created.firmId, action: 'create', after: { name: dto.name.trim(), creditCode, timeZone: dto.timeZone, locale: dto.locale, managerEmail: email } });
    const firm = await this.record(await this.find(created.firmId));
    return { ...firm, invitation: { emailSent, expiresAt: new Date(Date.now() + ACCOUNT_LINK_TTL_SECONDS.invite * 1000).toISOString() } };
  }

  /**
   * Suspends (or reactivates) a firm: from the next request on every user of it is refused (401: app_enter_scope()
   * enters no scope of a suspended firm), the portal's client admins included, and sign-in is refused. Of two at once
   * one changes it; the other answers 409 with the state as it is.
   */
  async setSuspended(id: string, suspended: boolean): Promise<FirmRecord> {
    this.access.require('firms', 'transition');
    const before = await this.find(id, true);
    const changed = await this.db.rows<{ suspendedAt: Date | null }>(SET_SUSPENDED, [id, suspended]);
    if (!changed.length) {
      throw new AppError(HttpStatus.CONFLICT, 'conflict', suspended ? 'the firm is suspended already' : 'the firm is not suspended', undefined, {
        status: before.suspendedAt ? 'suspended' : 'active',
      });
    }
    await this.audit.record({ entity: 'firms', entityId: id, action: suspended ? 'suspend' : 'reactivate', changes: { status: { before: suspended ? 'active' : 'suspended', after: suspended ? 'suspended' : 'active' } } });
    return this.record(await this.find(id));
  }

  /**
   * Removes a suspended firm: every row it owns, in every firm-owned table, and the firm, in this one transaction
   * (platform_erase_firm), with a platform audit entry naming the firm and the rows removed; then its stored files, by
   * a job written in this transaction (removeFiles: a file another attachment also names stays). 409 on a firm that is not suspended;
   * of two at once, the second finds no firm (404).
   */
  async remove(id: string): Promise<{ id: string; deleted: Record<string, number>; files: number }> {
    this.access.require('firms', 'delete');
    const firm = await this.find(id, true);
    if (!firm.suspendedAt) throw new AppError(HttpStatus.CONFLICT, 'conflict', 'only a suspended firm can be deleted', undefined, { status: 'active' });
    const files = (await this.tableRows(id, 'attachments')).map((a) => a.storage_key).filter((k): k is string => typeof k === 'string');
    const [{ counts }] = await this.db.rows<{ counts: Record<string, number> }>(ERASE_FIRM, [id]);
    // the files once this transaction has committed (the job is written in it): none if it rolls back
    if (files.length) await this.jobs.send(FIRM_FILES_QUEUE, { keys: [...new Set(files)] }, { retryLimit: 5, retryDelay: 60 });
    await this.audit.record({
      entity: 'firms',
      entityId: id,
      action: 'delete',
      before: { name: firm.name, creditCode: firm.creditCode, slug: firm.slug },
      changes: { rowsDeleted: { before: null, after: counts } },
    });
    return { id, deleted: counts, files: files.length };
  }

  /**
   * The firm's archive (tar.gz) written to a temporary file while the request's transaction reads: every firm-owned
   * table as JSON and CSV (`tables/<table>.json`, `.csv`), each attachment's bytes (`files/<id>`) with the SHA-256
   * computed as they pass and the one recorded at upload (`attachments.sha256`, `SHA256SUMS`), and the audit chain's
   * verification (`audit-verification.json`; the rows are `tables/audit_logs.*`). The caller streams the file and
   * removes it (`cleanup`). Audited in the platform's chain.
   */
  async export(id: string): Promise<{ path: string; fileName: string; cleanup: () => Promise<void> }> {
    const operator = this.access.require('firms', 'export');
    const firm = await this.find(id);
    const dir = await mkdtemp(join(tmpdir(), 'firm-export-'));
    const path = join(dir, 'export.tar.gz');
    const cleanup = () => rm(dir, { recursive: true, force: true });
    try {
      const tar = new TarGzWriter(createWriteStream(path, { mode: 0o600 }));
      const tables = (await this.db.rows<{ t: string }>(FIRM_TABLES)).map((r) => r.t);
      const counts: Record<string, number> = {};
      let attachments: Record<string, unknown>[] = [];
      let contents = new Map<string, string>();
      for (const table of tables) {
        const rows = await this.tableRows(id, table);
        counts[table] = rows.length;
        await tar.add(`tables/${table}.json`, JSON.stringify(rows, null, 1));
        await tar.add(`tables/${table}.csv`, rowsToCsv(rows));
        if (table === 'attachments') attachments = rows;
        if (table === 'attachment_contents') contents = new Map(rows.map((r) => [String(r.id), String(r.content)]));
      }
      const hashes: { id: string; fileName: unknown; size: number; recorded: string; read: string; match: boolean }[] = [];
      for (const a of attachments) {
        const size = Number(a.size);
        const name = `files/${String(a.id)}`;
        const source = typeof a.storage_key === 'string'
          ? await this.store.open(a.storage_key)
          : Readable.from([Buffer.from((contents.get(String(a.id)) ?? '\\x').slice(2), 'hex')]);
        const read = await tar.addStream(name, size, source);
        hashes.push({ id: String(a.id), fileName: a.file_name, size, recorded: String(a.sha256), read, match: read === a.sha256 });
      }
      await tar.add('attachments.sha256.json', JSON.stringify(hashes, null, 1));
      await tar.add('SHA256SUMS', hashes.map((h) => `${h.recorded}  files/${h.id}\n`).join(''));
      // the audit chain verified in the firm's scope (the anchors read first), then back to the operator's
      const anchored = await readAnchors(await this.anchors.folder(), id);
      await enterFirm(this.db.em, id, { allClients: true });
      const verification = await verifyAuditChain(this.db.em, id, { key: auditKeyBytes(this.config), anchors: anchored.byFirm.get(id) });
      await this.backToOperator(operator.userId, this.db.meta.sessionId);
      await tar.add('audit-verification.json', JSON.stringify(verification, null, 1));
      const exportedAt = new Date().toISOString();
      await tar.add('manifest.json', JSON.stringify({
        firm: { id: firm.id, name: firm.name, slug: firm.slug, creditCode: firm.creditCode, timeZone: firm.timeZone, locale: firm.locale },
        exportedAt,
        tables: counts,
        files: hashes.length,
        filesMatchingTheirHash: hashes.filter((h) => h.match).length,
        auditChainVerified: verification.ok,
      }, null, 1));
      await tar.end();
      await this.audit.record({ entity: 'firms', entityId: id, action: 'export', changes: { export: { before: null, after: { exportedAt, tables: Object.keys(counts).length, files: hashes.length } } } });
      return { path, fileName: `${firm.slug}-${exportedAt.slice(0, 10)}.tar.gz`, cleanup };
    } catch (e) {
      await cleanup();
      throw e;
    }
  }

  /** Opens the archive export() wrote. */
  open(path: string) {
    return createReadStream(path);
  }

  private async tableRows(firmId: string, table: string): Promise<Record<string, unknown>[]> {
    return (await this.db.rows<{ r: Record<string, unknown> }>(FIRM_ROWS, [firmId, table])).map((x) => x.r);
  }

  /** The operator's scope again, in their session, after work in a firm's scope (the platform audit is written there). */
  private async backToOperator(userId: string, sessionId: string | undefined): Promise<void> {
    const scope = await this.db.enterAs(PLATFORM_FIRM_ID, userId, sessionId);
    if (!scope) throw new AppError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'your session ended meanwhile; sign in again');
  }

  private async find(id: string, lock = false): Promise<FirmRow> {
    if (!isUuid(id)) throw notFound('firm');
    const [f] = await this.db.rows<FirmRow>(CUSTOMER_FIRM + (lock ? ' for update' : ''), [id]);
    if (!f) throw notFound('firm');
    return f;
  }

  private async record(f: FirmRow | Firm): Promise<FirmRecord> {
    const [{ u }] = await this.db.rows<{ u: FirmUsage }>(FIRM_USAGE, [f.id]);
    return {
      id: f.id,
      name: f.name,
      slug: f.slug,
      creditCode: f.creditCode,
      timeZone: f.timeZone,
      locale: (f.locale === 'en' ? 'en' : 'zh-CN') as Locale,
      status: f.suspendedAt ? 'suspended' : 'active',
      suspendedAt: f.suspendedAt ? new Date(f.suspendedAt).toISOString() : null,
      createdAt: new Date(f.createdAt).toISOString(),
      usage: { users: Number(u.users), clients: Number(u.clients), incidents: Number(u.incidents), storageBytes: Number(u.storageBytes) },
    };
  }
}
