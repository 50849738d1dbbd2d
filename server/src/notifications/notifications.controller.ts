import { Body, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';
import type { ListQuery } from '../common/list-query';
import { ChannelsService, CreateChannelDto, UpdateChannelDto } from './channels.service';
import { DeliveriesService } from './deliveries.service';
import { NotificationsService } from './notifications.service';
import { PreferencesDto, PreferencesService } from './preferences.service';
import { AlertingSettingsDto, AlertingSettingsService } from './settings.service';

/** The caller's own in-app notifications; `filter={"unread":true}` gives the unread count in Content-Range. */
@ApiTags('notifications')
@ApiBearerAuth()
@TenantController('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.notifications.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.notifications.get(id);
  }

  @Post('read-all')
  @HttpCode(200)
  @BodyLimit('small')
  readAll() {
    return this.notifications.readAll();
  }

  @Post(':id/read')
  @HttpCode(200)
  @BodyLimit('small')
  read(@Param('id') id: string) {
    return this.notifications.read(id);
  }
}

/** The caller's notification preferences, per kind: in-app and e-mail. */
@ApiTags('notifications')
@ApiBearerAuth()
@TenantController('notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  get() {
    return this.preferences.get();
  }

  @Put()
  @BodyLimit('small')
  put(@Body() dto: PreferencesDto) {
    return this.preferences.put(dto);
  }
}

/** A firm's group channels (managers). */
@ApiTags('notifications')
@ApiBearerAuth()
@TenantController('notification-channels')
export class NotificationChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.channels.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.channels.get(id);
  }

  @Post()
  @BodyLimit('small')
  create(@Body() dto: CreateChannelDto) {
    return this.channels.create(dto);
  }

  @Put(':id')
  @BodyLimit('small')
  update(@Param('id') id: string, @Body() dto: UpdateChannelDto) {
    return this.channels.update(id, dto);
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.channels.remove(id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @BodyLimit('small')
  test(@Param('id') id: string) {
    return this.channels.test(id);
  }
}

/** Every delivery of the firm and its state (managers). */
@ApiTags('notifications')
@ApiBearerAuth()
@TenantController('notification-deliveries')
export class NotificationDeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.deliveries.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.deliveries.get(id);
  }
}

/** The firm's alerting settings (managers): thresholds, escalation, the acknowledgement window, the digest hour. */
@ApiTags('notifications')
@ApiBearerAuth()
@TenantController('notification-settings')
export class NotificationSettingsController {
  constructor(private readonly settings: AlertingSettingsService) {}

  @Get()
  get() {
    return this.settings.get();
  }

  @Put()
  @BodyLimit('small')
  put(@Body() dto: AlertingSettingsDto) {
    return this.settings.put(dto);
  }
}
