import { Body, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { AccountService } from '../auth/account.service';
import { CreateUserDto, NoBodyDto, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('users')
@ApiBearerAuth()
@TenantController('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly account: AccountService,
  ) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.users.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.users.get(id);
  }

  @Post()
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(id, dto);
  }

  /** Sends the user a one-time reset link by e-mail (a manager never types someone's password). */
  @Post(':id/reset-password')
  @BodyLimit('small')
  @HttpCode(200)
  resetPassword(@Param('id') id: string, @Body() _body: NoBodyDto) {
    return this.account.sendResetLink(id);
  }

  /** A new invitation link (the earlier one stops working), 72 h. */
  @Post(':id/resend-invitation')
  @BodyLimit('small')
  @HttpCode(200)
  resendInvitation(@Param('id') id: string, @Body() _body: NoBodyDto) {
    return this.account.resendInvitation(id);
  }

  /** The invitation's link stops working (the user stays, invited, until a resend). */
  @Post(':id/revoke-invitation')
  @BodyLimit('small')
  @HttpCode(200)
  revokeInvitation(@Param('id') id: string, @Body() _body: NoBodyDto) {
    return this.account.revokeInvitation(id);
  }
}
