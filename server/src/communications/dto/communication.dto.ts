import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateIf,
  ValidateNested,
} from 'class-validator';
import { COMMUNICATION_AUDIENCES, COMMUNICATION_CHANNELS, COMMUNICATION_DIRECTIONS, COMMUNICATION_STATUSES, LOCALES } from '@incident-desk/shared';

const SUBJECT_MAX = 500;
const BODY_MAX = 50_000;

class CommunicationFieldsDto {
  @ApiPropertyOptional({ description: 'an incident of the same client that the caller may access; null for none' })
  @IsOptional() @ValidateIf((o) => o.incidentId !== null) @IsUUID() incidentId?: string | null;
  @ApiPropertyOptional({ enum: COMMUNICATION_AUDIENCES }) @IsOptional() @IsIn(COMMUNICATION_AUDIENCES) audience?: string;
  @ApiPropertyOptional({ enum: COMMUNICATION_CHANNELS }) @IsOptional() @IsIn(COMMUNICATION_CHANNELS) channel?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(SUBJECT_MAX) subject?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(BODY_MAX) body?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(300, { each: true })
  recipients?: string[];
  @ApiPropertyOptional({ description: 'shown to the client admins of the client once sent (or received)' }) @IsOptional() @IsBoolean() clientVisible?: boolean;
  @ApiPropertyOptional({ description: 'the regulator or individuals obligation of the same incident that sending it fulfils; null for none' })
  @IsOptional() @ValidateIf((o) => o.obligationId !== null) @IsUUID() obligationId?: string | null;
  @ApiPropertyOptional({ description: 'inbound only: when it was received (default now)' }) @IsOptional() @IsISO8601() receivedAt?: string;
}

/**
 * Outbound communications start as drafts, inbound ones as received. With `templateId` (and usually `incidentId`),
 * a missing subject and body are filled in from the template in `lang` (default: the firm's language), and a missing
 * audience and channel are the template's.
 */
export class CreateCommunicationDto extends CommunicationFieldsDto {
  @ApiPropertyOptional({ description: 'required unless incidentId is given (then it is the incident\'s client)' }) @IsOptional() @IsUUID() clientId?: string;
  @ApiPropertyOptional({ enum: COMMUNICATION_DIRECTIONS, default: 'outbound' }) @IsOptional() @IsIn(COMMUNICATION_DIRECTIONS) direction?: string;
  @ApiPropertyOptional({ description: 'a template of the firm' }) @IsOptional() @ValidateIf((o) => o.templateId !== null) @IsUUID() templateId?: string | null;
  @ApiPropertyOptional({ enum: LOCALES, description: 'the template language used to fill subject and body' }) @IsOptional() @IsIn(LOCALES) lang?: string;
}

export class UpdateCommunicationDto extends CommunicationFieldsDto {}

export class CommunicationTransitionDto {
  @ApiProperty({ enum: COMMUNICATION_STATUSES }) @IsIn(COMMUNICATION_STATUSES) to: string;
  @ApiPropertyOptional({ description: 'why (e.g. what to change when sending back to draft)' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
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
  @ApiPropertyOptional({ type: LocalNameDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => LocalNameDto) name?: LocalNameDto;
  @ApiPropertyOptional({ enum: COMMUNICATION_AUDIENCES }) @IsOptional() @IsIn(COMMUNICATION_AUDIENCES) audience?: string;
  @ApiPropertyOptional({ enum: COMMUNICATION_CHANNELS }) @IsOptional() @IsIn(COMMUNICATION_CHANNELS) channel?: string;
  @ApiPropertyOptional({ type: LocalSubjectDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => LocalSubjectDto) subject?: LocalSubjectDto;
  @ApiPropertyOptional({ type: LocalTextDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => LocalTextDto) body?: LocalTextDto;
}

export class RenderTemplateDto {
  @ApiProperty({ description: 'an incident the caller may access' }) @IsUUID() incidentId: string;
  @ApiPropertyOptional({ enum: LOCALES, description: "default: the firm's language" }) @IsOptional() @IsIn(LOCALES) lang?: string;
}
