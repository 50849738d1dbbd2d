import { Body, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BodyLimit } from '../common/body-limits';
import type { ListQuery } from '../common/list-query';
import { sendDownload } from '../reports/reports.service';
import { TenantController } from '../tenancy/tenant-controller';
import { CreateTimeEntryDto, StartTimerDto, StopTimerDto, UpdateTimeEntryDto } from './dto/time-entry.dto';
import { TimeEntriesService } from './time-entries.service';

@ApiTags('time-entries')
@ApiBearerAuth()
@TenantController('time-entries')
export class TimeEntriesController {
  constructor(private readonly entries: TimeEntriesService) {}

  /** Filters besides the usual ones (clientId, incidentId, userId, activity, billable, q): `date_gte`/`date_lte` (YYYY-MM-DD). */
  @Get()
  list(@Query() query: ListQuery) {
    return this.entries.list(query);
  }

  /** The entries the list's filters select, as CSV (UTF-8 with BOM; the caller's language). */
  @Get('export.csv')
  @ApiProduces('text/csv')
  async exportCsv(@Query() query: ListQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const { content, fileName } = await this.entries.exportCsv(query);
    return sendDownload(reply, content, fileName, 'text/csv; charset=utf-8');
  }

  /** The caller's running timer ({timer: null} when none). */
  @Get('timer')
  timer() {
    return this.entries.timer();
  }

  /** Starts the caller's timer on an incident (one per user: 409 while one runs). */
  @Post('timer')
  @BodyLimit('small')
  startTimer(@Body() dto: StartTimerDto) {
    return this.entries.startTimer(dto);
  }

  /** Stops the caller's timer: an entry of its incident with the minutes it ran. */
  @Post('timer/stop')
  stopTimer(@Body() dto: StopTimerDto) {
    return this.entries.stopTimer(dto);
  }

  /** Throws the caller's timer away (no entry). */
  @Delete('timer')
  discardTimer() {
    return this.entries.discardTimer();
  }

  /** A month's state for time entries: open (not ended), closed, or reopened. */
  @Get('months/:month')
  month(@Param('month') month: string) {
    return this.entries.getMonth(month);
  }

  /** Managers: the closed month's entries can be changed again (audited). */
  @Post('months/:month/reopen')
  @BodyLimit('small')
  @HttpCode(200)
  reopen(@Param('month') month: string) {
    return this.entries.reopenMonth(month);
  }

  /** Managers: a reopened month locked again (audited). */
  @Post('months/:month/close')
  @BodyLimit('small')
  @HttpCode(200)
  close(@Param('month') month: string) {
    return this.entries.closeMonth(month);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.entries.get(id);
  }

  @Post()
  create(@Body() dto: CreateTimeEntryDto) {
    return this.entries.create(dto);
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateTimeEntryDto) {
    return this.entries.update(id, dto);
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.entries.remove(id);
  }
}
