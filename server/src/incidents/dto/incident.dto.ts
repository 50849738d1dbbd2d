import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsNumber, IsObject, IsString, IsUUID, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { ListOf, Nullable, OptionalNotNull } from '../../common/validation';
import { CONTENT_SPREADS, DATA_LEVELS, GRADES, TASK_STATUSES, INCIDENT_CATEGORIES, INCIDENT_NATURES, INCIDENT_STATUSES, LOCALES, TEAM_ROLES, WEBSITE_CLASSES } from '@incident-desk/shared';

/** The most clients one request adds to a firm incident (more in further requests). */
export const FIRM_INCIDENT_MAX_CHILDREN = 500;

export class TeamMemberDto {
  @ApiPropertyOptional() @Nullable() @IsUUID() userId?: string | null;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ enum: TEAM_ROLES }) @IsIn(TEAM_ROLES) role: 'lead' | 'it' | 'legal' | 'pr' | 'client_contact';
  @ApiPropertyOptional() @Nullable() @IsString() @MaxLength(200) contact?: string | null;
}

class IncidentFieldsDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(20000) description?: string;
  @ApiPropertyOptional({ enum: INCIDENT_CATEGORIES }) @Nullable() @IsIn(INCIDENT_CATEGORIES) category?: string | null;
  @ApiPropertyOptional({ enum: INCIDENT_NATURES }) @Nullable() @IsIn(INCIDENT_NATURES) nature?: string | null;
  @ApiPropertyOptional() @OptionalNotNull() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true }) affectedSystems?: string[];
  @ApiPropertyOptional() @OptionalNotNull() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true }) dataCategories?: string[];
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() personalInfoInvolved?: boolean;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() sensitivePersonalInfoInvolved?: boolean;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() euPersonalData?: boolean;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() highRiskToIndividuals?: boolean;
  @ApiPropertyOptional() @Nullable() @IsInt() @Min(0) peopleAffected?: number | null;
  @ApiPropertyOptional() @Nullable() @IsInt() @Min(0) recordsAffected?: number | null;
  @ApiPropertyOptional() @Nullable() @IsString() @MaxLength(5000) businessImpact?: string | null;
  @ApiPropertyOptional() @Nullable() @IsUUID() leadId?: string | null;
  @ApiPropertyOptional({ type: [TeamMemberDto] })
  @OptionalNotNull() @ListOf(() => TeamMemberDto, 50)
  team?: TeamMemberDto[];
}

/** Firm staff give any of the fields; a client admin reports with title, description and detectedAt only. */
export class CreateIncidentDto extends IncidentFieldsDto {
  @ApiPropertyOptional({ enum: ['client', 'firm'], description: "'firm': a breach at the firm itself, one child incident per affectedClientIds (managers)" })
  @OptionalNotNull() @IsIn(['client', 'firm']) scope?: 'client' | 'firm';
  @ApiPropertyOptional({ description: "scope 'firm': the affected clients (a child incident each)" })
  @OptionalNotNull() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(FIRM_INCIDENT_MAX_CHILDREN) @IsUUID('all', { each: true }) affectedClientIds?: string[];
  @ApiPropertyOptional({ description: 'required for firm staff; a client admin reports for their own company' }) @OptionalNotNull() @IsUUID() clientId?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) title: string;
  @ApiProperty() @IsISO8601() detectedAt: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsUUID() playbookId?: string;
}

export class UpdateIncidentDto extends IncidentFieldsDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsISO8601() detectedAt?: string;
}

export class TransitionDto {
  @ApiProperty({ enum: INCIDENT_STATUSES }) @IsIn(INCIDENT_STATUSES) to: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ description: "move on although the phase's required tasks are open (lead or manager, with a reason)" })
  @OptionalNotNull() @IsBoolean() override?: boolean;
}

export class GradingInputsDto {
  @ApiProperty() @IsBoolean() criticalInfrastructureAffected: boolean;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) outageHours: number;
  @ApiProperty() @IsInt() @Min(0) peopleAffected: number;
  @ApiProperty() @IsInt() @Min(0) personalInfoRecords: number;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) directLossRmb: number;
  @ApiProperty({ enum: CONTENT_SPREADS }) @IsIn(CONTENT_SPREADS) contentSpread: string;
  @ApiProperty({ enum: DATA_LEVELS }) @IsIn(DATA_LEVELS) coreOrImportantData: string;
  @ApiPropertyOptional({ enum: WEBSITE_CLASSES, description: 'the kind of website that could not be reached (default none)' })
  @OptionalNotNull() @IsIn(WEBSITE_CLASSES) websiteClass?: string;
  @ApiPropertyOptional({ description: 'hours that website could not be reached (default 0)' })
  @OptionalNotNull() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) websiteUnreachableHours?: number;
  @ApiPropertyOptional({ description: 'share (%) of the population of one or more provinces affected (default 0)' })
  @OptionalNotNull() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) provincePopulationSharePct?: number;
  @ApiPropertyOptional({ description: 'share (%) of the population of one or more prefecture-level cities affected (default 0)' })
  @OptionalNotNull() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) cityPopulationSharePct?: number;
}

export class GradeDto {
  @ApiProperty({ type: GradingInputsDto }) @IsObject() @ValidateNested() @Type(() => GradingInputsDto) inputs: GradingInputsDto;
  @ApiPropertyOptional({ enum: GRADES, description: 'the grade chosen; the suggestion when omitted' }) @OptionalNotNull() @IsIn(GRADES) grade?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(5000) rationale?: string;
}

/** Clients added to a firm incident: a child incident each. */
export class AddFirmIncidentClientsDto {
  @ApiProperty() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(FIRM_INCIDENT_MAX_CHILDREN) @IsUUID('all', { each: true }) clientIds: string[];
}

/** A client removed from a firm incident: its child is dismissed with the reason, never deleted. */
export class RemoveFirmIncidentClientDto {
  @ApiProperty() @IsUUID() clientId: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

/** A client-visible update posted on a firm incident: it goes to every child's client timeline. */
export class FirmIncidentUpdateDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20000) body: string;
}

/** The client notice drafted for every affected client from one template (a draft communication each). */
export class FirmIncidentNoticesDto {
  @ApiProperty({ description: 'a communication template of the firm' }) @IsUUID() templateId: string;
  @ApiPropertyOptional({ enum: LOCALES }) @OptionalNotNull() @IsIn(LOCALES) lang?: string;
}

/** A playbook task done (or reopened) on a firm incident: that task of every child still with it. */
export class FirmIncidentTaskDto {
  @ApiProperty({ description: "the playbook task's key" }) @IsString() @IsNotEmpty() @MaxLength(200) key: string;
  @ApiProperty({ enum: TASK_STATUSES }) @IsIn(TASK_STATUSES) status: string;
}
