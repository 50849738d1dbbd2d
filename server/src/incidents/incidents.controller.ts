import { Body, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendDownload } from '../reports/reports.service';
import { IncidentReportService, KeepIncidentReportDto, type IncidentReportQuery } from './incident-report.service';
import type { ListQuery } from '../common/list-query';
import {
  AddFirmIncidentClientsDto, CreateIncidentDto, FirmIncidentNoticesDto, FirmIncidentTaskDto, FirmIncidentUpdateDto, GradeDto, RemoveFirmIncidentClientDto, TransitionDto,
  UpdateIncidentDto,
} from './dto/incident.dto';
import { FirmIncidentsService } from './firm-incidents.service';
import { GradingsService } from './gradings.service';
import { IncidentsService } from './incidents.service';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('incidents')
@ApiBearerAuth()
@TenantController('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly firmIncidents: FirmIncidentsService,
    private readonly reports: IncidentReportService,
  ) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.incidents.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.incidents.get(id);
  }

  /** The incident report (事件处置总结报告) as PDF; client admins always get the client version. */
  @Get(':id/report.pdf')
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'lang', enum: ['zh-CN', 'en'], required: false })
  @ApiQuery({ name: 'version', enum: ['internal', 'client'], required: false })
  async reportPdf(@Param('id') id: string, @Query() q: IncidentReportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const { content, fileName } = await this.reports.pdf(id, q);
    return sendDownload(reply, content, fileName, 'application/pdf');
  }

  /**
   * Keeps the incident report: the PDF stored as an attachment on the incident (SHA-256, audited) and linked to its
   * summary-report obligation. 201 with {attachment, obligation, created: true}; 200 with the report kept before when
   * the same report (the same facts, language and version) is kept already.
   */
  @Post(':id/report')
  @BodyLimit('small')
  async keepReport(@Param('id') id: string, @Body() dto: KeepIncidentReportDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const kept = await this.reports.keep(id, dto);
    reply.status(kept.created ? 201 : 200);
    return kept;
  }

  @Post()
  create(@Body() dto: CreateIncidentDto) {
    // a breach at the firm itself: a firm incident with a child per affected client
    return dto.scope === 'firm' ? this.firmIncidents.create(dto) : this.incidents.create(dto);
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateIncidentDto) {
    return this.incidents.update(id, dto);
  }

  @Post(':id/transition')
  @BodyLimit('small')
  @HttpCode(200)
  transition(@Param('id') id: string, @Body() dto: TransitionDto) {
    return this.incidents.transition(id, dto);
  }

  @Post(':id/grade')
  @BodyLimit('small')
  @HttpCode(200)
  grade(@Param('id') id: string, @Body() dto: GradeDto) {
    return this.incidents.grade(id, dto);
  }
}

@ApiTags('gradings')
@ApiBearerAuth()
@TenantController('gradings')
export class GradingsController {
  constructor(private readonly gradings: GradingsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.gradings.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.gradings.get(id);
  }
}

@ApiTags('firm-incidents')
@ApiBearerAuth()
@TenantController('firm-incidents')
export class FirmIncidentsController {
  constructor(private readonly firmIncidents: FirmIncidentsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.firmIncidents.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.firmIncidents.get(id);
  }

  @Post(':id/transition')
  @BodyLimit('small')
  @HttpCode(200)
  transition(@Param('id') id: string, @Body() dto: TransitionDto) {
    return this.firmIncidents.transition(id, dto);
  }

  @Post(':id/clients')
  @HttpCode(200)
  addClients(@Param('id') id: string, @Body() dto: AddFirmIncidentClientsDto) {
    return this.firmIncidents.addClients(id, dto);
  }

  @Post(':id/remove-client')
  @BodyLimit('small')
  @HttpCode(200)
  removeClient(@Param('id') id: string, @Body() dto: RemoveFirmIncidentClientDto) {
    return this.firmIncidents.removeClient(id, dto);
  }

  @Post(':id/updates')
  @HttpCode(201)
  postUpdate(@Param('id') id: string, @Body() dto: FirmIncidentUpdateDto) {
    return this.firmIncidents.postUpdate(id, dto);
  }

  @Post(':id/notices')
  @BodyLimit('small')
  @HttpCode(201)
  draftNotices(@Param('id') id: string, @Body() dto: FirmIncidentNoticesDto) {
    return this.firmIncidents.draftNotices(id, dto);
  }

  @Post(':id/grade')
  @BodyLimit('small')
  @HttpCode(200)
  grade(@Param('id') id: string, @Body() dto: GradeDto) {
    return this.firmIncidents.grade(id, dto);
  }

  @Post(':id/tasks')
  @BodyLimit('small')
  @HttpCode(200)
  setTask(@Param('id') id: string, @Body() dto: FirmIncidentTaskDto) {
    return this.firmIncidents.setTask(id, dto);
  }
}
