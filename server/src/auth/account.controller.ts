import { Body, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { BodyLimit } from '../common/body-limits';
import { requestMeta, TenantController } from '../tenancy/tenant-controller';
import { AccountService } from './account.service';
import type { TokenUser } from './jwt.strategy';
import { Public } from './public.decorator';

export class SetPasswordDto {
  @ApiProperty({ description: 'the token of the one-time link' }) @IsString() @IsNotEmpty() @MaxLength(300) token: string;
  @ApiProperty({ minLength: 12, description: 'at least 12 characters, not a common password (shared/src/passwords.ts)' })
  @IsString()
  @MaxLength(1000)
  password: string;
}

export class ForgotPasswordDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) email: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(1000) currentPassword: string;
  @ApiProperty({ minLength: 12 }) @IsString() @MaxLength(1000) newPassword: string;
}

/** Invitations, password resets and changes: the account routes under /api/auth (issue 20). */
@ApiTags('auth')
@TenantController('auth')
export class AccountController {
  constructor(private readonly account: AccountService) {}

  /** Sets the invited person's first password from the invitation's link. */
  @Public()
  @Post('accept-invite')
  @BodyLimit('small')
  @HttpCode(200)
  acceptInvite(@Body() dto: SetPasswordDto, @Req() req: FastifyRequest) {
    return this.account.acceptInvite(dto.token, dto.password, requestMeta(req));
  }

  /** 202 whatever the address: a reset link goes to each account it has, by e-mail. */
  @Public()
  @Post('forgot-password')
  @BodyLimit('small')
  @HttpCode(202)
  async forgotPassword(@Body() dto: ForgotPasswordDto, @Req() req: FastifyRequest) {
    await this.account.forgotPassword(dto.email, requestMeta(req));
    return { accepted: true };
  }

  /** Sets a new password from a reset link; every session of the user ends. */
  @Public()
  @Post('reset-password')
  @BodyLimit('small')
  @HttpCode(200)
  resetPassword(@Body() dto: SetPasswordDto, @Req() req: FastifyRequest) {
    return this.account.resetPassword(dto.token, dto.password, requestMeta(req));
  }

  /** The caller's own password, knowing the current one; their other sessions end. */
  @ApiBearerAuth()
  @Post('change-password')
  @BodyLimit('small')
  @HttpCode(200)
  changePassword(@Body() dto: ChangePasswordDto, @Req() req: FastifyRequest & { user: TokenUser }) {
    return this.account.changePassword(dto.currentPassword, dto.newPassword, req.user.sessionId);
  }
}

/** The caller's own sign-in sessions: device, address, last use; ending any of them. */
@ApiTags('auth')
@ApiBearerAuth()
@TenantController('sessions')
export class SessionsController {
  constructor(private readonly account: AccountService) {}

  @Get()
  list(@Req() req: FastifyRequest & { user: TokenUser }) {
    return this.account.listSessions(req.user.sessionId);
  }

  @Delete(':id')
  @HttpCode(204)
  async end(@Param('id') id: string) {
    await this.account.endSession(id);
  }
}
