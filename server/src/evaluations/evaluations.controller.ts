import { Body, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import {
  CreateEvaluationDto, FinalizeEvaluationDto, ShareEvaluationDto, UpdateEvaluationDto, UpdateEvaluationTemplateDto,
} from './dto/evaluation.dto';
import { EvaluationTemplatesService } from './evaluation-templates.service';
import { EvaluationsService } from './evaluations.service';
import { ReadWrite } from '../tenancy/read-write.decorator';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('evaluations')
@ApiBearerAuth()
@TenantController('evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  /** Filters: clientId, incidentId, trainingId, evaluatorId, seriesId, type, status, riskLevel, sharedWithClient, latest, date_gte, date_lte, q. */
  @Get()
  list(@Query() query: ListQuery) {
    return this.evaluations.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.evaluations.get(id);
  }

  @Post()
  create(@Body() dto: CreateEvaluationDto) {
    return this.evaluations.create(dto);
  }

  /** Drafts only: a final evaluation answers 409. */
  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateEvaluationDto) {
    return this.evaluations.update(id, dto);
  }

  /** Drafts without improvement actions only (409 otherwise). */
  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.evaluations.remove(id);
  }

  /** draft → final. 400 naming each unscored `criteria[i].score`; 409 when already final. */
  @Post(':id/finalize')
  @BodyLimit('small')
  @HttpCode(200)
  finalize(@Param('id') id: string, @Body() dto: FinalizeEvaluationDto) {
    return this.evaluations.finalize(id, dto);
  }

  /** A draft copy (version + 1, previousVersionId) of the latest final version; 409 from a draft or an older version. */
  @Post(':id/new-version')
  @BodyLimit('small')
  @HttpCode(201)
  newVersion(@Param('id') id: string) {
    return this.evaluations.newVersion(id);
  }

  /** {sharedWithClient}: share with (or withdraw from) the client's admins; allowed on final evaluations too. */
  @Post(':id/share')
  @BodyLimit('small')
  @HttpCode(200)
  share(@Param('id') id: string, @Body() dto: ShareEvaluationDto) {
    return this.evaluations.share(id, dto);
  }
}

@ApiTags('evaluation-templates')
@ApiBearerAuth()
// reading makes the firm's built-in ones on first use
@ReadWrite()
@TenantController('evaluation-templates')
export class EvaluationTemplatesController {
  constructor(private readonly templates: EvaluationTemplatesService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.templates.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.templates.get(id);
  }

  /** Managers only: {scaleMax?, criteria?: [{name: {zh-CN, en}, weight, description?}]}. */
  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateEvaluationTemplateDto) {
    return this.templates.update(id, dto);
  }
}
