import { Body, Delete, Get, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { ListQuery } from '../common/list-query';
import { CreateReportDto, ReportsService, type ReportDownload } from './reports.service';
import type { ServiceReportQuery } from './service-report.service';
import { FromReplica, ReadWrite } from '../tenancy/read-write.decorator';
import { TenantController } from '../tenancy/tenant-controller';

const QUERY_DOCS = [
  ApiQuery({ name: 'from', description: 'first day, YYYY-MM-DD (firm time zone)', required: true }),
  ApiQuery({ name: 'to', description: 'last day, YYYY-MM-DD (inclusive)', required: true }),
  ApiQuery({ name: 'clientIds', description: 'comma-separated client ids; none: every client you may see', required: false }),
  ApiQuery({ name: 'lang', enum: ['zh-CN', 'en'], required: false }),
  ApiQuery({ name: 'version', enum: ['internal', 'client'], required: false, description: 'client admins get the client version' }),
];
const applyDocs = (target: object, key: string, descriptor: PropertyDescriptor) => {
  for (const d of QUERY_DOCS) d(target, key, descriptor);
};

function send(reply: FastifyReply, d: ReportDownload) {
  for (const [name, value] of Object.entries(d.headers)) reply.header(name, value);
  return new StreamableFile(d.content, { type: d.headers['Content-Type'], disposition: d.headers['Content-Disposition'], length: d.content.length });
}

@ApiTags('reports')
@ApiBearerAuth()
// the service report compacts the firm's roll-ups as it reads them (on the primary, also when it reads on the replica)
@ReadWrite()
@TenantController('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** The service report for a period and clients, as JSON (not stored). */
  @Get('service')
  @FromReplica()
  @applyDocs
  service(@Query() q: ServiceReportQuery) {
    return this.reports.service(q);
  }

  /**
   * The service report's trend figures month by month (incidents opened and closed, median response times, on-time
   * rates of obligations and SLA clocks): each month as that month's report counts it, in one request.
   */
  @Get('service/trends')
  @FromReplica()
  @applyDocs
  serviceTrends(@Query() q: ServiceReportQuery) {
    return this.reports.serviceTrends(q);
  }

  /** The service report as CSV (UTF-8 with BOM, one section after another). */
  @Get('service.csv')
  @FromReplica()
  @applyDocs
  @ApiProduces('text/csv')
  async serviceCsv(@Query() q: ServiceReportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return send(reply, await this.reports.serviceCsv(q));
  }

  /** The service report as PDF (title page, tables, charts; zh-CN or en). */
  @Get('service.pdf')
  @FromReplica()
  @applyDocs
  @ApiProduces('application/pdf')
  async servicePdf(@Query() q: ServiceReportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return send(reply, await this.reports.servicePdf(q));
  }

  /** Stored reports (filters: period, clientId, lang, version, generatedById). */
  @Get()
  list(@Query() query: ListQuery) {
    return this.reports.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.reports.get(id);
  }

  /** The stored PDF, as a download. */
  @Get(':id/content')
  @ApiProduces('application/pdf')
  async content(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return send(reply, await this.reports.content(id));
  }

  /** Generates and keeps the monthly report: {period: 'YYYY-MM', clientIds?, lang?, version?}. */
  @Post()
  create(@Body() dto: CreateReportDto) {
    return this.reports.create(dto);
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.reports.remove(id);
  }
}
