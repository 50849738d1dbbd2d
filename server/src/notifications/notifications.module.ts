import { DynamicModule, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { JobsModule } from '../jobs/jobs.module';
import { JobRunner } from '../jobs/job-queue';
import { ChannelsService } from './channels.service';
import { DeliveriesService, type DeliveryJob } from './deliveries.service';
import { JobScope } from './job-scope';
import {
  NotificationChannelsController, NotificationDeliveriesController, NotificationPreferencesController, NotificationSettingsController, NotificationsController,
} from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { PreferencesService } from './preferences.service';
import { AlertingSettingsService } from './settings.service';
import { DEAD_QUEUE, DELIVER_QUEUE, DIGEST_QUEUE, NOTIFICATION_QUEUES, SCAN_QUEUE } from './queues';
import { RemindersService } from './reminders.service';
import { Transports } from './transports';

/** The notification jobs on this server's runner: deliveries, dead letters, the minute scan, the hourly digest. */
@Injectable()
export class NotificationJobs implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly deliveries: DeliveriesService,
    private readonly reminders: RemindersService,
  ) {}

  onModuleInit() {
    this.runner.register({ queue: DELIVER_QUEUE, handle: (job) => this.deliveries.deliver(job as { data: DeliveryJob } as never), concurrency: 2 });
    this.runner.register({ queue: DEAD_QUEUE, handle: (job) => this.deliveries.giveUp(job as never) });
    this.runner.register({
      queue: SCAN_QUEUE,
      handle: async (job) => {
        await this.reminders.scan({ firmIds: (job.data as { firmIds?: string[] } | null)?.firmIds ?? null });
      },
    });
    this.runner.register({
      queue: DIGEST_QUEUE,
      handle: async (job) => {
        await this.reminders.digest({ firmIds: (job.data as { firmIds?: string[] } | null)?.firmIds ?? null });
      },
      pollingIntervalSeconds: 5,
    });
    this.runner.every(SCAN_QUEUE, '* * * * *');
    this.runner.every(DIGEST_QUEUE, '0 * * * *');
  }
}

/**
 * Notifications (issue 16): the engine other modules call (`NotificationsService.emit`, in their request's
 * transaction), the caller's notifications and preferences, the firm's group channels and deliveries, and the jobs
 * that deliver, remind and escalate.
 */
@Module({})
export class NotificationsModule {
  static forRoot(opts: { jobsDatabaseUrl: string | null }): DynamicModule {
    const jobs = JobsModule.forRoot({ ownerUrl: opts.jobsDatabaseUrl, queues: NOTIFICATION_QUEUES });
    return {
      module: NotificationsModule,
      // global: the modules whose events notify (incidents, tasks, timeline, communications) inject NotificationsService
      // without importing this dynamic module (its job runner is made once, by AppModule)
      global: true,
      imports: [AuditModule, ClientsModule, jobs],
      controllers: [NotificationsController, NotificationPreferencesController, NotificationChannelsController, NotificationDeliveriesController, NotificationSettingsController],
      providers: [NotificationsService, DeliveriesService, ChannelsService, PreferencesService, AlertingSettingsService, RemindersService, JobScope, Transports, NotificationJobs],
      // the job queue and runner too: other modules' jobs (the forgot-password job of AccountModule) run on the same runner
      exports: [NotificationsService, JobScope, jobs, AlertingSettingsService],
    };
  }
}
