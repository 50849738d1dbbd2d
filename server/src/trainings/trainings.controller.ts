import { Body, Get, HttpCode, Param, Post, Put, Query, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Upload, type UploadedFileLike } from '../attachments/upload';
import type { ListQuery } from '../common/list-query';
import { CreateTrainingDto, StartExerciseDto, UpdateTrainingDto } from './dto/training.dto';
import { BodyLimit } from '../common/body-limits';
import { TrainingsService } from './trainings.service';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('trainings')
@ApiBearerAuth()
@TenantController('trainings')
export class TrainingsController {
  constructor(private readonly trainings: TrainingsService) {}

  /**
   * Filters besides the usual ones: `date_gte`/`date_lte` (YYYY-MM-DD), `due` ("next30" | "overdue"),
   * `dueWithinDays` (n), `drill` (true | false).
   */
  @Get()
  list(@Query() query: ListQuery) {
    return this.trainings.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.trainings.get(id);
  }

  @Post()
  create(@Body() dto: CreateTrainingDto) {
    return this.trainings.create(dto);
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateTrainingDto) {
    return this.trainings.update(id, dto);
  }

  /** multipart/form-data with `file`: a CSV with the header name,department,attended,score (UTF-8, BOM or not). */
  @Post(':id/participants/import')
  @HttpCode(200)
  @Upload('file')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiQuery({ name: 'mode', required: false, enum: ['replace', 'append'] })
  importParticipants(@Param('id') id: string, @UploadedFile() file: UploadedFileLike | undefined, @Query('mode') mode?: string) {
    return this.trainings.importParticipants(id, file, mode);
  }

  /** The drill run as an exercise incident through the real workflow (the incident answers). */
  @Post(':id/exercise')
  @HttpCode(201)
  startExercise(@Param('id') id: string, @Body() dto: StartExerciseDto) {
    return this.trainings.startExercise(id, dto);
  }

  /** The drill's exercise reset (an open one dismissed, its times cleared): it can run again. */
  @Post(':id/exercise/reset')
  @BodyLimit('small')
  @HttpCode(200)
  resetExercise(@Param('id') id: string) {
    return this.trainings.resetExercise(id);
  }
}
