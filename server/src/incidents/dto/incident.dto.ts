import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, MaxLength, Min,
  ValidateIf, ValidateNested,
} from 'class-validator';
import { CONTENT_SPREADS, DATA_LEVELS, GRADES, INCIDENT_CATEGORIES, INCIDENT_NATURES, INCIDENT_STATUSES, TEAM_ROLES } from '@incident-desk/shared';

export class TeamMemberDto {
  @ApiPropertyOptional() @IsOptional() @ValidateIf((o) => o.userId !== null) @IsUUID() userId?: string | null;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ enum: TEAM_ROLES }) @IsIn(TEAM_ROLES) role: 'lead' | 'it' | 'legal' | 'pr' | 'client_contact';
  @ApiPropertyOptional() @IsOptional() @ValidateIf((o) => o.contact !== null) @IsString() @MaxLength(200) contact?: string | null;
}

class IncidentFieldsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) description?: string;
  @ApiPropertyOptional({ enum: INCIDENT_CATEGORIES }) @IsOptional() @ValidateIf((o) => o.category !== null) @IsIn(INCIDENT_CATEGORIES) category?: string | null;
  @ApiPropertyOptional({ enum: INCIDENT_NATURES }) @IsOptional() @ValidateIf((o) => o.nature !== null) @IsIn(INCIDENT_NATURES) nature?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true }) affectedSystems?: string[];
  @ApiPropertyOptional() @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true }) dataCategories?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() personalInfoInvolved?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() sensitivePersonalInfoInvolved?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() euPersonalData?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() highRiskToIndividuals?: boolean;
  @ApiPropertyOptional() @IsOptional() @ValidateIf((o) => o.peopleAffected !== null) @IsInt() @Min(0) peopleAffected?: number | null;
  @ApiPropertyOptional() @IsOptional() @ValidateIf((o) => o.recordsAffected !== null) @IsInt() @Min(0) recordsAffected?: number | null;
  @ApiPropertyOptional() @IsOptional() @ValidateIf((o) => o.businessImpact !== null) @IsString() @MaxLength(5000) businessImpact?: string | null;
  @ApiPropertyOptional() @IsOptional() @ValidateIf((o) => o.leadId !== null) @IsUUID() leadId?: string | null;
  @ApiPropertyOptional({ type: [TeamMemberDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => TeamMemberDto)
  team?: TeamMemberDto[];
}

/** Firm staff give any of the fields; a client admin reports with title, description and detectedAt only. */
export class CreateIncidentDto extends IncidentFieldsDto {
  @ApiPropertyOptional({ description: 'required for firm staff; a client admin reports for their own company' }) @IsOptional() @IsUUID() clientId?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) title: string;
  @ApiProperty() @IsISO8601() detectedAt: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() playbookId?: string;
}

export class UpdateIncidentDto extends IncidentFieldsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() detectedAt?: string;
}

export class TransitionDto {
  @ApiProperty({ enum: INCIDENT_STATUSES }) @IsIn(INCIDENT_STATUSES) to: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ description: "move on although the phase's required tasks are open (lead or manager, with a reason)" })
  @IsOptional() @IsBoolean() override?: boolean;
}

export class GradingInputsDto {
  @ApiProperty() @IsBoolean() criticalInfrastructureAffected: boolean;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) outageHours: number;
  @ApiProperty() @IsInt() @Min(0) peopleAffected: number;
  @ApiProperty() @IsInt() @Min(0) personalInfoRecords: number;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) directLossRmb: number;
  @ApiProperty({ enum: CONTENT_SPREADS }) @IsIn(CONTENT_SPREADS) contentSpread: string;
  @ApiProperty({ enum: DATA_LEVELS }) @IsIn(DATA_LEVELS) coreOrImportantData: string;
}

export class GradeDto {
  @ApiProperty({ type: GradingInputsDto }) @ValidateNested() @Type(() => GradingInputsDto) inputs: GradingInputsDto;
  @ApiPropertyOptional({ enum: GRADES, description: 'the grade chosen; the suggestion when omitted' }) @IsOptional() @IsIn(GRADES) grade?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) rationale?: string;
}
