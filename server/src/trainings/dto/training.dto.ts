import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsString, IsUUID, Matches, Max, MaxLength, Min,
} from 'class-validator';
import { ListOf, Nullable, OptionalNotNull } from '../../common/validation';
import { DELIVERY_MODES, MAX_PARTICIPANTS, MAX_RECURRENCE_MONTHS, TRAINING_STATUSES, TRAINING_TYPES } from '@incident-desk/shared';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ParticipantDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiPropertyOptional() @Nullable() @IsString() @MaxLength(100) department?: string | null;
  @ApiPropertyOptional({ default: false }) @OptionalNotNull() @IsBoolean() attended?: boolean;
  @ApiPropertyOptional({ description: '0..100; only for someone who attended' })
  @Nullable() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) score?: number | null;
  @ApiPropertyOptional({ description: 'recorded result; derived from score ≥ passMark when both are given' })
  @Nullable() @IsBoolean() passed?: boolean | null;
  @ApiPropertyOptional({ default: false }) @OptionalNotNull() @IsBoolean() acknowledged?: boolean;
}

class TrainingFieldsDto {
  @ApiPropertyOptional() @Nullable() @IsString() @MaxLength(2000) legalBasis?: string | null;
  @ApiPropertyOptional({ minimum: 1 }) @Nullable() @IsInt() @Min(1) @Max(100000) durationMinutes?: number | null;
  @ApiPropertyOptional({ enum: DELIVERY_MODES }) @Nullable() @IsIn(DELIVERY_MODES) deliveryMode?: string | null;
  @ApiPropertyOptional() @Nullable() @IsString() @MaxLength(200) trainer?: string | null;
  @ApiPropertyOptional() @Nullable() @IsString() @MaxLength(10000) objectives?: string | null;
  @ApiPropertyOptional({ description: 'drills' }) @Nullable() @IsString() @MaxLength(20000) scenario?: string | null;
  @ApiPropertyOptional({ enum: TRAINING_STATUSES }) @OptionalNotNull() @IsIn(TRAINING_STATUSES) status?: string;
  @ApiPropertyOptional({ type: [ParticipantDto] })
  @OptionalNotNull() @ListOf(() => ParticipantDto, MAX_PARTICIPANTS)
  participants?: ParticipantDto[];
  @ApiPropertyOptional({ minimum: 0, maximum: 100 }) @Nullable() @IsInt() @Min(0) @Max(100) passMark?: number | null;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RECURRENCE_MONTHS, description: 'the training is due again this many months after its date' })
  @Nullable() @IsInt() @Min(1) @Max(MAX_RECURRENCE_MONTHS) recurrenceMonths?: number | null;
  @ApiPropertyOptional({ description: 'drills: minutes from the start of the scenario to detection' })
  @Nullable() @IsInt() @Min(0) @Max(100000) detectMinutes?: number | null;
  @ApiPropertyOptional({ description: 'drills: minutes from detection to escalation' })
  @Nullable() @IsInt() @Min(0) @Max(100000) escalateMinutes?: number | null;
  @ApiPropertyOptional({ description: 'drills: minutes from detection to the report (against the reporting clock)' })
  @Nullable() @IsInt() @Min(0) @Max(100000) reportMinutes?: number | null;
}

export class CreateTrainingDto extends TrainingFieldsDto {
  @ApiProperty() @IsUUID() clientId: string;
  @ApiProperty({ enum: TRAINING_TYPES }) @IsIn(TRAINING_TYPES) type: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) title: string;
  @ApiProperty({ example: '2026-03-18', description: 'calendar date YYYY-MM-DD' }) @IsString() @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' }) date: string;
}

/** The client of a training never changes (its attachments carry it). */
export class UpdateTrainingDto extends TrainingFieldsDto {
  @ApiPropertyOptional({ enum: TRAINING_TYPES }) @OptionalNotNull() @IsIn(TRAINING_TYPES) type?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional({ example: '2026-03-18' }) @OptionalNotNull() @IsString() @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' }) date?: string;
}

/** A drill run as an exercise: the scenario played, for the drill's client. */
export class StartExerciseDto {
  @ApiProperty({ description: 'what happens in the exercise (the incident description)' }) @IsString() @IsNotEmpty() @MaxLength(20000) scenario: string;
  @ApiProperty({ description: "the drill's client" }) @IsUUID() clientId: string;
}
