import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { Nullable, OptionalNotNull } from '../../common/validation';
import { LOCALES, ROLES, type Locale, type Role, type UserRecord } from '@incident-desk/shared';
import type { User } from '../user.entity';

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(200) email: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ description: 'required for client admins' })
  @ValidateIf((o) => o.role === 'client_admin' || (o.clientId !== undefined && o.clientId !== null))
  @IsUUID()
  clientId?: string | null;
  @ApiPropertyOptional({ enum: LOCALES }) @OptionalNotNull() @IsIn(LOCALES) locale?: Locale;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsEmail() @MaxLength(200) email?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ enum: ROLES }) @OptionalNotNull() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @Nullable() @IsUUID() clientId?: string | null;
  @ApiPropertyOptional({ enum: LOCALES }) @OptionalNotNull() @IsIn(LOCALES) locale?: Locale;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
}

/** A verb that takes nothing: any field is a 400 naming it (a manager's reset-password sends a link, it takes no password). */
export class NoBodyDto {}

export function mapUser(u: User): UserRecord {
  return {
    id: u.id,
    firmId: u.firmId,
    email: u.email,
    name: u.name,
    role: u.role,
    clientId: u.clientId,
    locale: u.locale,
    active: u.active,
    invitationPending: u.passwordSetAt === null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}
