import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsString, IsUUID, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { ListOf, Nullable, OptionalNotNull } from '../../common/validation';
import {
  CRITERION_COMMENT_MAX, CRITERION_NAME_MAX, EVALUATION_TYPES, LOCALES, MAX_CRITERIA, RISK_LEVELS,
} from '@incident-desk/shared';

const TEXT_MAX = 50_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FINITE = { allowNaN: false, allowInfinity: false };

/** One scored criterion. Ranges (weight > 0, score within 0..scaleMax, unique names) are checked by shared/evaluations.ts. */
export class CriterionDto {
  @ApiProperty() @IsString() @MaxLength(CRITERION_NAME_MAX) name: string;
  @ApiProperty({ description: 'greater than 0' }) @IsNumber(FINITE) weight: number;
  @ApiPropertyOptional({ description: '0..scaleMax; null until scored', nullable: true })
  @Nullable() @IsNumber(FINITE) score?: number | null;
  @ApiPropertyOptional({ nullable: true }) @Nullable() @IsString() @MaxLength(CRITERION_COMMENT_MAX) comment?: string | null;
}

class EvaluationFieldsDto {
  @ApiPropertyOptional({ description: 'an incident of the same client that the caller may access; null for none', nullable: true })
  @Nullable() @IsUUID() incidentId?: string | null;
  @ApiPropertyOptional({ description: 'a training of the same client (not together with incidentId); null for none', nullable: true })
  @Nullable() @IsUUID() trainingId?: string | null;
  @ApiPropertyOptional({ description: 'an active manager or consultant of the firm (default: the caller)' }) @OptionalNotNull() @IsUUID() evaluatorId?: string;
  @ApiPropertyOptional({ description: "YYYY-MM-DD (default: today in the firm's time zone)" })
  @OptionalNotNull() @Matches(DATE, { message: 'date must be YYYY-MM-DD' }) @IsISO8601({ strict: true }) date?: string;
  @ApiPropertyOptional({ description: 'the top of the scoring scale, 1..100 (default: the template\'s, 5 built in)' }) @OptionalNotNull() @IsInt() scaleMax?: number;
  @ApiPropertyOptional({ type: [CriterionDto] })
  @OptionalNotNull() @ListOf(() => CriterionDto, MAX_CRITERIA) criteria?: CriterionDto[];
  @ApiPropertyOptional({ enum: RISK_LEVELS, nullable: true }) @Nullable() @IsIn(RISK_LEVELS) riskLevel?: string | null;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(TEXT_MAX) findings?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(TEXT_MAX) recommendations?: string;
  @ApiPropertyOptional({ description: 'client admins of the client see it once it is final' }) @OptionalNotNull() @IsBoolean() sharedWithClient?: boolean;
}

/**
 * A new evaluation is a draft (version 1). Without `criteria` it starts with the criteria of the firm's template for
 * its type, unscored, named in `lang` (default: the firm's language).
 */
export class CreateEvaluationDto extends EvaluationFieldsDto {
  @ApiProperty({ enum: EVALUATION_TYPES }) @IsIn(EVALUATION_TYPES) type: string;
  @ApiPropertyOptional({ description: "required unless incidentId or trainingId is given (then it is that record's client)" })
  @OptionalNotNull() @IsUUID() clientId?: string;
  @ApiPropertyOptional({ enum: LOCALES, description: 'language of the template criteria names' }) @OptionalNotNull() @IsIn(LOCALES) lang?: string;
}

/** Drafts only (a final evaluation answers 409). The status changes through POST /finalize, not here. */
export class UpdateEvaluationDto extends EvaluationFieldsDto {
  @ApiPropertyOptional({ enum: EVALUATION_TYPES }) @OptionalNotNull() @IsIn(EVALUATION_TYPES) type?: string;
}

export class FinalizeEvaluationDto {
  @ApiPropertyOptional({ description: 'share it with the client at the same time' }) @OptionalNotNull() @IsBoolean() sharedWithClient?: boolean;
}

export class ShareEvaluationDto {
  @ApiProperty() @IsBoolean() sharedWithClient: boolean;
}

export class LocalCriterionNameDto {
  @ApiProperty() @IsString() @MaxLength(CRITERION_NAME_MAX) 'zh-CN': string;
  @ApiProperty() @IsString() @MaxLength(CRITERION_NAME_MAX) en: string;
}

export class LocalCriterionDescriptionDto {
  @ApiProperty() @IsString() @MaxLength(CRITERION_COMMENT_MAX) 'zh-CN': string;
  @ApiProperty() @IsString() @MaxLength(CRITERION_COMMENT_MAX) en: string;
}

export class TemplateCriterionDto {
  @ApiProperty({ type: LocalCriterionNameDto }) @IsObject() @ValidateNested() @Type(() => LocalCriterionNameDto) name: LocalCriterionNameDto;
  @ApiProperty({ description: 'greater than 0' }) @IsNumber(FINITE) weight: number;
  @ApiPropertyOptional({ type: LocalCriterionDescriptionDto, nullable: true })
  @Nullable() @IsObject() @ValidateNested() @Type(() => LocalCriterionDescriptionDto)
  description?: LocalCriterionDescriptionDto | null;
}

export class UpdateEvaluationTemplateDto {
  @ApiPropertyOptional({ description: '1..100' }) @OptionalNotNull() @IsInt() scaleMax?: number;
  @ApiPropertyOptional({ type: [TemplateCriterionDto] })
  @OptionalNotNull() @ListOf(() => TemplateCriterionDto, MAX_CRITERIA) criteria?: TemplateCriterionDto[];
}
