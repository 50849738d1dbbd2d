import { Body, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { requestMeta } from '../tenancy/tenant-controller';
import { AuthService } from './auth.service';
import { Public } from './public.decorator';
import { TenantController } from '../tenancy/tenant-controller';

export class LoginDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) email: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) password: string;
}

export class RefreshDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) refreshToken: string;
}

export class LogoutDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) refreshToken?: string;
}

@ApiTags('auth')
@TenantController('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest) {
    return this.auth.login(dto.email, dto.password, requestMeta(req));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest) {
    return this.auth.refresh(dto.refreshToken, requestMeta(req));
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  async logout(@Body() dto: LogoutDto) {
    await this.auth.logout(dto?.refreshToken);
  }

  @ApiBearerAuth()
  @Get('me')
  me() {
    return this.auth.me();
  }
}
