import { Injectable, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID } from 'class-validator';
import { OptionalNotNull } from '../common/validation';
import { createHash, randomUUID } from 'node:crypto';
import {
  DEFAULT_SORTS, contentDisposition, isReportMonth, LOCALES, monthRange, REPORT_VERSIONS, reportFileName, type Locale, type ReportRecord, type ReportVersion,
  type ServiceReport, type ServiceReportTrends,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { FirmsService } from '../firms/firms.service';
import { AuditService } from '../audit/audit.service';
import { fieldError, notFound } from '../common/errors';
import { applyListQuery, isUuid, type ListQuery, type ListSpec, Page, parseListQuery } from '../common/list-query';
import { TenantDb } from '../tenancy/tenant-db.service';
import { Report } from './report.entity';
import { renderReportCsv } from './report-csv';
import { renderReportPdf } from './report-pdf';
import { ServiceReportService, type ServiceReportQuery } from './service-report.service';

export class CreateReportDto {
  @ApiProperty({ description: 'the month, YYYY-MM' }) @IsString() period: string;
  @ApiPropertyOptional({ description: 'the clients covered; none: every client in scope (a manager: the whole firm)', type: [String] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) clientIds?: string[];
  @ApiPropertyOptional({ enum: LOCALES }) @OptionalNotNull() @IsIn(LOCALES) lang?: Locale;
  @ApiPropertyOptional({ enum: REPORT_VERSIONS, description: 'internal (default) or the client-facing version' })
  @OptionalNotNull() @IsIn(REPORT_VERSIONS) version?: ReportVersion;
}

const LIST: ListSpec = {
  resource: 'reports',
  idColumn: 'r.id',
  sortable: { period: 'r.period', generatedAt: 'r.generated_at', fileName: 'r.file_name', size: 'r.size', from: 'r.from_date', to: 'r.to_date', id: 'r.id' },
  defaultSort: DEFAULT_SORTS['reports'],
  filters: {
    period: { column: 'r.period', type: 'text' },
    lang: { column: 'r.lang', type: 'text', values: LOCALES },
    version: { column: 'r.version', type: 'text', values: REPORT_VERSIONS },
    generatedById: { column: 'r.generated_by_id', type: 'uuid' },
  },
  search: ['r.file_name', 'r.period'],
};

export const mapReport = (r: Report, withData = false): ReportRecord => ({
  id: r.id, period: r.period, from: r.fromDate, to: r.toDate, clientIds: r.clientIds, lang: r.lang, version: r.version, fileName: r.fileName,
  size: r.size, sha256: r.sha256, generatedById: r.generatedById, generatedByName: r.generatedByName, generatedAt: r.generatedAt.toISOString(),
  ...(withData ? { data: r.data } : {}),
});

export interface ReportDownload {
  content: Buffer;
  headers: Record<string, string>;
}

/** The headers of a safe download: attachment with a sanitised (RFC 5987) name, nosniff, no caching. */
export function downloadHeaders(fileName: string, type: string, length: number): Record<string, string> {
  return {
    'Content-Type': type,
    'Content-Length': String(length),
    'Content-Disposition': contentDisposition(fileName),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  };
}

/** A download answered on a Fastify reply: the safe headers (downloadHeaders), then the bytes. */
export function sendDownload(reply: FastifyReply, content: Buffer, fileName: string, type: string): StreamableFile {
  const headers = downloadHeaders(fileName, type, content.length);
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return new StreamableFile(content, { type: headers['Content-Type'], disposition: headers['Content-Disposition'], length: content.length });
}

/**
 * The service report as JSON, CSV and PDF (read-only: not audited), and stored monthly reports (generating one is
 * audited, as is deleting it). A stored report may be seen only by users who may see every client it covers
 * (row-level security on `client_ids`, checked here too); client admins see only client versions of their company.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly builder: ServiceReportService,
    private readonly firms: FirmsService,
  ) {}

  service(q: ServiceReportQuery): Promise<ServiceReport> {
    return this.builder.fromQuery(q);
  }

  serviceTrends(q: ServiceReportQuery): Promise<ServiceReportTrends> {
    return this.builder.trendsFromQuery(q);
  }

  async serviceCsv(q: ServiceReportQuery): Promise<ReportDownload> {
    const r = await this.builder.fromQuery(q);
    const content = renderReportCsv(r);
    return { content, headers: downloadHeaders(reportFileName(r, 'csv'), 'text/csv; charset=utf-8', content.length) };
  }

  async servicePdf(q: ServiceReportQuery): Promise<ReportDownload> {
    const r = await this.builder.fromQuery(q);
    const content = await renderReportPdf(r, await this.firms.logo());
    return { content, headers: downloadHeaders(reportFileName(r, 'pdf'), 'application/pdf', content.length) };
  }

  /** The scope, also applied here (row-level security applies it again): reports covering only visible clients. */
  private scoped(qb: ReturnType<typeof this.query>) {
    const scope = this.db.scope;
    if (scope.clientIds !== 'all') {
      qb.andWhere(`jsonb_array_length(r.client_ids) > 0 and r.client_ids <@ to_jsonb(:scopeIds::uuid[])`, { scopeIds: scope.clientIds });
    }
    if (scope.role === 'client_admin') qb.andWhere(`r.version = 'client'`);
    return qb;
  }

  private query() {
    return this.db.repo(Report).createQueryBuilder('r').where('r.firm_id = :firmId', { firmId: this.db.scope.firmId });
  }

  async list(query: ListQuery): Promise<Page<ReportRecord>> {
    this.access.require('reports', 'list');
    const parsed = parseListQuery(query, LIST, ['clientId']);
    const { clientId, ...rest } = parsed.filter;
    const qb = this.scoped(this.query());
    if (clientId !== undefined && clientId !== null && clientId !== '') {
      if (!isUuid(clientId)) throw fieldError('filter.clientId', 'must be a UUID');
      qb.andWhere(`r.client_ids @> jsonb_build_array(:clientId::text)`, { clientId: clientId.toLowerCase() });
    }
    applyListQuery(qb, { ...parsed, filter: rest }, LIST);
    const [items, total] = await qb.getManyAndCount();
    return new Page('reports', items.map((r) => mapReport(r)), parsed.start, total);
  }

  private async find(id: string, extra: ('data' | 'content')[] = []): Promise<Report> {
    if (!isUuid(id)) throw notFound('report');
    const qb = this.scoped(this.query()).andWhere('r.id = :id', { id });
    for (const c of extra) qb.addSelect(`r.${c}`);
    const r = await qb.getOne();
    if (!r) throw notFound('report');
    return r;
  }

  async get(id: string): Promise<ReportRecord> {
    this.access.require('reports', 'show');
    return mapReport(await this.find(id, ['data']), true);
  }

  async content(id: string): Promise<ReportDownload> {
    this.access.require('reports', 'show');
    const r = await this.find(id, ['content']);
    return { content: r.content, headers: { ...downloadHeaders(r.fileName, 'application/pdf', r.content.length), ETag: `"${r.sha256}"` } };
  }

  /** Generates the month's report for the clients (400 naming the field for a bad month or a client out of scope), keeps the PDF. */
  async create(dto: CreateReportDto): Promise<ReportRecord> {
    const scope = this.access.require('reports', 'create');
    if (!isReportMonth(dto.period)) throw fieldError('period', 'must be a month YYYY-MM');
    const { from, to } = monthRange(dto.period);
    let clientIds: string[] | null = dto.clientIds?.length ? [...new Set(dto.clientIds.map((s) => s.toLowerCase()))] : null;
    // a consultant's report without a choice covers their assigned clients, listed (a firm-wide report is for managers)
    if (clientIds === null && scope.clientIds !== 'all') {
      if (!scope.clientIds.length) throw fieldError('clientIds', 'no clients to report on');
      clientIds = [...scope.clientIds].map((s) => s.toLowerCase()).sort();
    }
    const version = dto.version ?? 'internal';
    const lang = dto.lang ?? scope.locale;
    const data = await this.builder.build({ from, to, clientIds, lang, version }, 'clientIds', true);
    const content = await renderReportPdf(data, await this.firms.logo());
    const r = this.db.repo(Report).create({
      firmId: scope.firmId, id: randomUUID(), period: dto.period, fromDate: from, toDate: to, clientIds: clientIds ?? [], lang, version,
      fileName: reportFileName(data, 'pdf'), size: content.length, sha256: createHash('sha256').update(content).digest('hex'), content, data,
      generatedById: scope.userId, generatedByName: scope.name, generatedAt: new Date(data.generatedAt),
    });
    await this.db.repo(Report).insert(r);
    const record = mapReport(r);
    await this.audit.record({ entity: 'reports', entityId: r.id, clientId: clientIds?.length === 1 ? clientIds[0] : null, action: 'create', after: record });
    return record;
  }

  async remove(id: string): Promise<ReportRecord> {
    const scope = this.access.require('reports', 'delete');
    const r = await this.find(id);
    // of several equal removals one removes it (the others' DELETE finds it gone once the first commits): 404
    if (!(await this.db.repo(Report).delete({ firmId: scope.firmId, id: r.id })).affected) throw notFound('report');
    const record = mapReport(r);
    await this.audit.record({ entity: 'reports', entityId: r.id, clientId: r.clientIds.length === 1 ? r.clientIds[0] : null, action: 'delete', before: record });
    return record;
  }
}
