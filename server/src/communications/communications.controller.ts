import { Body, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { CommunicationTemplatesService } from './communication-templates.service';
import { CommunicationsService } from './communications.service';
import {
  CommunicationTransitionDto, CreateCommunicationDto, CreateCommunicationTemplateDto, RenderTemplateDto, UpdateCommunicationDto,
  UpdateCommunicationTemplateDto,
} from './dto/communication.dto';
import { ReadWrite } from '../tenancy/read-write.decorator';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('communications')
@ApiBearerAuth()
@TenantController('communications')
export class CommunicationsController {
  constructor(private readonly communications: CommunicationsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.communications.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.communications.get(id);
  }

  @Post()
  create(@Body() dto: CreateCommunicationDto) {
    return this.communications.create(dto);
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateCommunicationDto) {
    return this.communications.update(id, dto);
  }

  /** draft → in_review → approved → sent; in_review → draft sends it back. 409 with `allowed` on any other move. */
  @Post(':id/transition')
  @BodyLimit('small')
  @HttpCode(200)
  transition(@Param('id') id: string, @Body() dto: CommunicationTransitionDto) {
    return this.communications.transition(id, dto);
  }

  /** A client admin acknowledges a sent, client-visible communication (once). */
  @Post(':id/acknowledge')
  @BodyLimit('small')
  @HttpCode(200)
  acknowledge(@Param('id') id: string) {
    return this.communications.acknowledge(id);
  }
}

@ApiTags('communication-templates')
@ApiBearerAuth()
// reading makes the firm's built-in ones on first use
@ReadWrite()
@TenantController('communication-templates')
export class CommunicationTemplatesController {
  constructor(private readonly templates: CommunicationTemplatesService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.templates.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.templates.get(id);
  }

  @Post()
  create(@Body() dto: CreateCommunicationTemplateDto) {
    return this.templates.create(dto);
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateCommunicationTemplateDto) {
    return this.templates.update(id, dto);
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.templates.remove(id);
  }

  /** A built-in template the firm changed takes this release's built-in text (managers; the audit row keeps the edits). */
  @Post(':id/upgrade')
  @BodyLimit('small')
  @HttpCode(200)
  upgrade(@Param('id') id: string) {
    return this.templates.upgrade(id);
  }

  /** The template filled in from an incident's facts: {subject, body, missing, lang}. Nothing is stored. */
  @Post(':id/render')
  @BodyLimit('small')
  @HttpCode(200)
  render(@Param('id') id: string, @Body() dto: RenderTemplateDto) {
    return this.templates.render(id, dto);
  }
}
