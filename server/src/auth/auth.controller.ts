import { Body, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../common/validation';
import type { FastifyRequest } from 'fastify';
import { requestMeta } from '../tenancy/tenant-controller';
import { AuthService } from './auth.service';
import type { TokenUser } from './jwt.strategy';
import { Public } from './public.decorator';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';

export class LoginDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) email: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) password: string;
  @ApiPropertyOptional({ description: "the firm's slug, when the address signs in to several firms (409 firm_required)" })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firm?: string;
  @ApiPropertyOptional({ description: 'two-factor sign-in: the 6 digits of the authenticator app, or an unused recovery code (401 mfa_required asks for it)' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  code?: string;
}

export class RefreshDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) refreshToken: string;
}

export class LogoutDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(500) refreshToken?: string;
}

@ApiTags('auth')
@TenantController('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @BodyLimit('small')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest) {
    return this.auth.login(dto.email, dto.password, dto.firm, requestMeta(req), dto.code);
  }

  @Public()
  @Post('refresh')
  @BodyLimit('small')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest) {
    return this.auth.refresh(dto.refreshToken, requestMeta(req));
  }

  @ApiBearerAuth()
  @Post('logout')
  @BodyLimit('small')
  @HttpCode(204)
  async logout(@Body() dto: LogoutDto, @Req() req: FastifyRequest & { user: TokenUser }) {
    await this.auth.logout(req.user.sessionId, dto?.refreshToken);
  }

  @ApiBearerAuth()
  @Get('me')
  me() {
    return this.auth.me();
  }
}
