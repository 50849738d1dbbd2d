import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsObject, IsString, IsUUID, MaxLength, ValidateNested,
} from 'class-validator';
import { Nullable, OptionalNotNull } from '../../common/validation';
import { COMMUNICATION_AUDIENCES, COMMUNICATION_CHANNELS, COMMUNICATION_DIRECTIONS, COMMUNICATION_STATUSES, LOCALES, REPORT_STAGES } from '@incident-desk/shared';

const SUBJECT_MAX = 500;
const BODY_MAX = 50_000;

class CommunicationFieldsDto {
  @ApiPropertyOptional({ description: 'an incident of the same client that the caller may access; null for none' })
  @Nullable() @IsUUID() incidentId?: string | null;
  @ApiPropertyOptional({ enum: COMMUNICATION_AUDIENCES }) @OptionalNotNull() @IsIn(COMMUNICATION_AUDIENCES) audience?: string;
  @ApiPropertyOptional({ enum: COMMUNICATION_CHANNELS }) @OptionalNotNull() @IsIn(COMMUNICATION_CHANNELS) channel?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @IsNotEmpty() @MaxLength(SUBJECT_MAX) subject?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(BODY_MAX) body?: string;
  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(300, { each: true })
  recipients?: string[];
  @ApiPropertyOptional({ description: 'shown to the client admins of the client once sent (or received)' }) @OptionalNotNull() @IsBoolean() clientVisible?: boolean;
  @ApiPropertyOptional({ description: 'the regulator or individuals obligation of the same incident that sending it fulfils; null for none' })
  @Nullable() @IsUUID() obligationId?: string | null;
  @ApiPropertyOptional({ enum: REPORT_STAGES, description: 'a report to a regulator: the first report, a follow-up (补报, Measures Art. 7) or the summary report (Art. 8); null for none' })
  @Nullable() @IsIn(REPORT_STAGES) reportStage?: string | null;
}

/**
 * Outbound communications start as drafts, inbound ones as received. With `templateId` (and usually `incidentId`),
 * a missing subject and body are filled in from the template in `lang` (default: the firm's language), and a missing
 * audience and channel are the template's.
 */
export class CreateCommunicationDto extends CommunicationFieldsDto {
  @ApiPropertyOptional({ description: 'required unless incidentId is given (then it is the incident\'s client)' }) @OptionalNotNull() @IsUUID() clientId?: string;
  @ApiPropertyOptional({ enum: COMMUNICATION_DIRECTIONS, default: 'outbound' }) @OptionalNotNull() @IsIn(COMMUNICATION_DIRECTIONS) direction?: string;
  @ApiPropertyOptional({ description: 'a template of the firm' }) @Nullable() @IsUUID() templateId?: string | null;
  @ApiPropertyOptional({ enum: LOCALES, description: 'the template language used to fill subject and body' }) @OptionalNotNull() @IsIn(LOCALES) lang?: string;
  @ApiPropertyOptional({ description: 'inbound only: when it was received (default now)' }) @OptionalNotNull() @IsISO8601() receivedAt?: string;
}

export class UpdateCommunicationDto extends CommunicationFieldsDto {
  @ApiPropertyOptional({ description: 'inbound only: when it was received; null (as an outbound one reads) only where it is null' })
  @Nullable() @IsISO8601() receivedAt?: string | null;
}

export class CommunicationTransitionDto {
  @ApiProperty({ enum: COMMUNICATION_STATUSES }) @IsIn(COMMUNICATION_STATUSES) to: string;
  @ApiPropertyOptional({ description: 'why (e.g. what to change when sending back to draft)' }) @OptionalNotNull() @IsString() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ description: 'sent only: when it was really sent (default now; not in the future, not before its approval)' })
  @OptionalNotNull() @IsISO8601() sentAt?: string;
  @ApiPropertyOptional({ description: "sent only: the regulator's receipt number" }) @OptionalNotNull() @IsString() @IsNotEmpty() @MaxLength(200) receiptNumber?: string;
}

export class LocalTextDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(BODY_MAX) 'zh-CN': string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(BODY_MAX) en: string;
}

export class LocalNameDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) 'zh-CN': string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) en: string;
}

export class LocalSubjectDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(SUBJECT_MAX) 'zh-CN': string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(SUBJECT_MAX) en: string;
}

export class CreateCommunicationTemplateDto {
  @ApiProperty({ type: LocalNameDto }) @IsObject() @ValidateNested() @Type(() => LocalNameDto) name: LocalNameDto;
  @ApiProperty({ enum: COMMUNICATION_AUDIENCES }) @IsIn(COMMUNICATION_AUDIENCES) audience: string;
  @ApiProperty({ enum: COMMUNICATION_CHANNELS }) @IsIn(COMMUNICATION_CHANNELS) channel: string;
  @ApiProperty({ type: LocalSubjectDto, description: 'with placeholders such as {{incident.reference}}' })
  @IsObject() @ValidateNested() @Type(() => LocalSubjectDto) subject: LocalSubjectDto;
  @ApiProperty({ type: LocalTextDto, description: 'with placeholders such as {{incident.dataCategories}}' })
  @IsObject() @ValidateNested() @Type(() => LocalTextDto) body: LocalTextDto;
}

export class UpdateCommunicationTemplateDto {
  @ApiPropertyOptional({ type: LocalNameDto }) @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => LocalNameDto) name?: LocalNameDto;
  @ApiPropertyOptional({ enum: COMMUNICATION_AUDIENCES }) @OptionalNotNull() @IsIn(COMMUNICATION_AUDIENCES) audience?: string;
  @ApiPropertyOptional({ enum: COMMUNICATION_CHANNELS }) @OptionalNotNull() @IsIn(COMMUNICATION_CHANNELS) channel?: string;
  @ApiPropertyOptional({ type: LocalSubjectDto }) @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => LocalSubjectDto) subject?: LocalSubjectDto;
  @ApiPropertyOptional({ type: LocalTextDto }) @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => LocalTextDto) body?: LocalTextDto;
}

export class RenderTemplateDto {
  @ApiProperty({ description: 'an incident the caller may access' }) @IsUUID() incidentId: string;
  @ApiPropertyOptional({ enum: LOCALES, description: "default: the firm's language" }) @OptionalNotNull() @IsIn(LOCALES) lang?: string;
}
