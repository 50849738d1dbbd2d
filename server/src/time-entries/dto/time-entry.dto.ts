import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_ENTRY_MINUTES, TIME_ACTIVITIES } from '@incident-desk/shared';
import { Nullable, OptionalNotNull } from '../../common/validation';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

class TimeEntryFieldsDto {
  @ApiPropertyOptional({ description: "the client's incident the work was for" }) @Nullable() @IsUUID() incidentId?: string | null;
  @ApiPropertyOptional() @Nullable() @IsString() @MaxLength(2000) note?: string | null;
  @ApiPropertyOptional({ default: true }) @OptionalNotNull() @IsBoolean() billable?: boolean;
}

export class CreateTimeEntryDto extends TimeEntryFieldsDto {
  @ApiProperty() @IsUUID() clientId: string;
  @ApiPropertyOptional({ description: 'whose time (managers only may name someone else); default: the caller' }) @OptionalNotNull() @IsUUID() userId?: string;
  @ApiProperty({ example: '2026-03-18', description: 'the day of the work, YYYY-MM-DD' }) @IsString() @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' }) date: string;
  @ApiProperty({ minimum: 1, maximum: MAX_ENTRY_MINUTES }) @IsInt() @Min(1) @Max(MAX_ENTRY_MINUTES) minutes: number;
  @ApiProperty({ enum: TIME_ACTIVITIES }) @IsIn(TIME_ACTIVITIES) activity: string;
}

/** The client and whose time it is never change (delete the entry and log it again). */
export class UpdateTimeEntryDto extends TimeEntryFieldsDto {
  @ApiPropertyOptional({ example: '2026-03-18' }) @OptionalNotNull() @IsString() @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' }) date?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_ENTRY_MINUTES }) @OptionalNotNull() @IsInt() @Min(1) @Max(MAX_ENTRY_MINUTES) minutes?: number;
  @ApiPropertyOptional({ enum: TIME_ACTIVITIES }) @OptionalNotNull() @IsIn(TIME_ACTIVITIES) activity?: string;
}

/** A timer started on an incident. */
export class StartTimerDto {
  @ApiProperty() @IsUUID() incidentId: string;
  @ApiPropertyOptional({ enum: TIME_ACTIVITIES, description: "default: the incident's phase, or other" }) @OptionalNotNull() @IsIn(TIME_ACTIVITIES) activity?: string;
}

/** The timer stopped: the entry it makes. */
export class StopTimerDto {
  @ApiPropertyOptional({ enum: TIME_ACTIVITIES }) @OptionalNotNull() @IsIn(TIME_ACTIVITIES) activity?: string;
  @ApiPropertyOptional() @Nullable() @IsString() @MaxLength(2000) note?: string | null;
  @ApiPropertyOptional({ default: true }) @OptionalNotNull() @IsBoolean() billable?: boolean;
}
