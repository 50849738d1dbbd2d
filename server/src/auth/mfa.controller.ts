import { Body, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';
import { MfaService } from './mfa.service';
import { NoBodyDto } from '../users/dto/user.dto';

export class MfaCodeDto {
  @ApiProperty({ description: 'the 6 digits of the authenticator app (disable: or an unused recovery code)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  code: string;
}

/** The caller's own two-factor sign-in (TOTP): its state, setup, enable (recovery codes shown once), disable. */
@ApiTags('auth')
@ApiBearerAuth()
@TenantController('auth/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @Get()
  status() {
    return this.mfa.status();
  }

  /** `{secret, otpauthUrl, qr}` of a new secret; 409 once enabled. */
  @Post('setup')
  @BodyLimit('small')
  @HttpCode(200)
  setup(@Body() _body: NoBodyDto) {
    return this.mfa.setup();
  }

  @Post('enable')
  @BodyLimit('small')
  @HttpCode(200)
  enable(@Body() dto: MfaCodeDto, @Req() req: FastifyRequest) {
    return this.mfa.enable(dto.code, req.ip ?? null);
  }

  @Post('disable')
  @BodyLimit('small')
  @HttpCode(204)
  async disable(@Body() dto: MfaCodeDto, @Req() req: FastifyRequest) {
    await this.mfa.disable(dto.code, req.ip ?? null);
  }
}
