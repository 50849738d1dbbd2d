import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsString, IsTimeZone, MaxLength } from 'class-validator';
import { LOCALES, type Locale } from '@incident-desk/shared';
import { IsCreditCode } from '../clients/dto/client.dto';

/** `POST /api/firms`: a firm and its first manager, who is invited by e-mail. */
export class CreateFirmDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ description: '统一社会信用代码 of the firm, 18 characters with a check character' }) @IsCreditCode() creditCode: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) @IsString() @IsTimeZone() timeZone: string;
  @ApiProperty({ enum: LOCALES }) @IsIn(LOCALES) locale: Locale;
  @ApiProperty() @IsEmail() @MaxLength(200) managerEmail: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) managerName: string;
}
