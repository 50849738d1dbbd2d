import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsObject, IsString, Max, MaxLength, Min, registerDecorator, ValidateNested, ValidationOptions,
} from 'class-validator';
import { ListOf, Nullable, OptionalNotNull } from '../../common/validation';
import {
  CLIENT_STATUSES, CREDIT_CODE_MESSAGES, creditCodeProblem, OPERATOR_TYPES, type ClientRecord, type ClientStatus,
  type OperatorType,
} from '@incident-desk/shared';
import type { Client } from '../client.entity';

export function IsCreditCode(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCreditCode',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && creditCodeProblem(v) === null,
        defaultMessage: (args) => {
          const problem = typeof args?.value === 'string' ? creditCodeProblem(args.value) : 'length';
          return `creditCode ${CREDIT_CODE_MESSAGES[problem ?? 'length']}`;
        },
      },
    });
}

export class ContactDto {
  @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @OptionalNotNull() @IsString() @MaxLength(100) title?: string;
  @OptionalNotNull() @IsEmail() email?: string;
  @OptionalNotNull() @IsString() @MaxLength(40) phone?: string;
}

export class HoursByGradeDto {
  @OptionalNotNull() @IsInt() @Min(0) @Max(8760) especially_major?: number;
  @OptionalNotNull() @IsInt() @Min(0) @Max(8760) major?: number;
  @OptionalNotNull() @IsInt() @Min(0) @Max(8760) relatively_major?: number;
  @OptionalNotNull() @IsInt() @Min(0) @Max(8760) general?: number;
}

export class ContractSlaDto {
  @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => HoursByGradeDto) acknowledgeHours?: HoursByGradeDto;
  @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => HoursByGradeDto) resolveHours?: HoursByGradeDto;
}

export class CreateClientDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ description: '统一社会信用代码, 18 characters with a check character' }) @IsCreditCode() creditCode: string;
  @ApiPropertyOptional() @Nullable() @IsString() @MaxLength(100) industry?: string | null;
  @ApiProperty({ enum: OPERATOR_TYPES }) @IsIn(OPERATOR_TYPES) operatorType: OperatorType;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() processesEuPersonalData?: boolean;
  @ApiPropertyOptional({ type: [ContactDto] })
  @OptionalNotNull() @ListOf(() => ContactDto, 20)
  contacts?: ContactDto[];
  @ApiPropertyOptional() @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => ContractSlaDto) contractSla?: ContractSlaDto;
}

export class UpdateClientDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsCreditCode() creditCode?: string;
  @ApiPropertyOptional() @Nullable() @IsString() @MaxLength(100) industry?: string | null;
  @ApiPropertyOptional({ enum: OPERATOR_TYPES }) @OptionalNotNull() @IsIn(OPERATOR_TYPES) operatorType?: OperatorType;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() processesEuPersonalData?: boolean;
  @ApiPropertyOptional({ type: [ContactDto] })
  @OptionalNotNull() @ListOf(() => ContactDto, 20)
  contacts?: ContactDto[];
  @ApiPropertyOptional() @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => ContractSlaDto) contractSla?: ContractSlaDto;
  @ApiPropertyOptional({ enum: CLIENT_STATUSES }) @OptionalNotNull() @IsIn(CLIENT_STATUSES) status?: ClientStatus;
}

export function mapClient(c: Client): ClientRecord {
  return {
    id: c.id,
    firmId: c.firmId,
    name: c.name,
    creditCode: c.creditCode,
    industry: c.industry,
    operatorType: c.operatorType,
    processesEuPersonalData: c.processesEuPersonalData,
    contacts: c.contacts,
    contractSla: c.contractSla,
    status: c.status,
    offboardedAt: c.offboardedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
