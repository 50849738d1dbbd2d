import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { ActionsModule } from './actions/actions.module';
import { AssignmentsModule } from './assignments/assignments.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ClientsModule } from './clients/clients.module';
import { AllExceptionsFilter } from './common/exception.filter';
import { createLogger, QueryLogger } from './common/logging';
import { CommunicationsModule } from './communications/communications.module';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { POOL_OPTIONS } from './database/data-source';
import { ENTITIES } from './database/entities';
import { PreparingClient } from './database/prepared';
import { REPORT_DATA_SOURCE } from './tenancy/tenant-db.service';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { HealthModule } from './health/health.module';
import { IncidentsModule } from './incidents/incidents.module';
import { ObligationsModule } from './obligations/obligations.module';
import { PlaybooksModule } from './playbooks/playbooks.module';
import { ReportsModule } from './reports/reports.module';
import { TasksModule } from './tasks/tasks.module';
import { TenancyModule } from './tenancy/tenancy.module';
import { TimelineModule } from './timeline/timeline.module';
import { TrainingsModule } from './trainings/trainings.module';
import { UsersModule } from './users/users.module';
import { SearchModule } from './search/search.module';
import { NotificationsModule } from './notifications/notifications.module';
import { WorkingDaysModule } from './working-days/working-days.module';
import { AccountModule } from './auth/account.module';
import { FirmsModule } from './firms/firms.module';

export interface AppModuleOptions {
  /** the sign-in throttle's keys start with this (default `login`): tests give each app its own counts */
  throttleKeyPrefix?: string;
  /** the root logger: TypeORM's failed and slow queries are logged to it (QueryLogger: never their parameters) */
  log?: Logger;
  /** the database owner's connection: pg-boss's (jobs/job-queue.ts) */
  jobsDatabaseUrl?: string | null;
  /** the clock two-factor codes are checked against (default Date.now; tests give a fixed one) */
  clock?: () => number;
}

/** A pool of the role that serves requests, as TenantDb needs it (PreparingClient connections). */
function appDataSourceOptions(url: string, applicationName: string, log?: Logger) {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    poolSize: 20,
    // statements with parameters are prepared once per connection (server/src/database/prepared.ts)
    extra: { application_name: applicationName, Client: PreparingClient, ...POOL_OPTIONS },
    logger: new QueryLogger(log ?? createLogger('silent')),
  } as any;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, appDatabaseUrl: string, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(appDataSourceOptions(appDatabaseUrl, 'incident-desk-app', options.log)),
        // the read-only copy the service report reads (REPORT_DATABASE_URL, a hot standby): the same role, its own pool
        ...(config.reportDatabaseUrl
          ? [TypeOrmModule.forRoot({ ...appDataSourceOptions(config.reportDatabaseUrl, 'incident-desk-reports', options.log), name: REPORT_DATA_SOURCE, poolSize: 10 })]
          : []),
        // the request's database handle, the access check and the locks, for every module (global)
        TenancyModule,
        // sign-in, sessions, and the global guard (the access token, then the way into the user's scope)
        AuthModule.forRoot(config, options.throttleKeyPrefix, options.clock),
        AuditModule,
        HealthModule,
        // the notification engine and its job runner (global: the outbox and the job queue for every module)
        NotificationsModule.forRoot({ jobsDatabaseUrl: options.jobsDatabaseUrl ?? config.databaseUrl }),
        // a person's own account: invitations, password resets and changes, their sessions
        AccountModule,
        // the feature modules: each owns its entities, controllers, services and SQL, and exports a narrow API
        ClientsModule,
        UsersModule,
        AssignmentsModule,
        IncidentsModule,
        TasksModule,
        TimelineModule,
        ObligationsModule,
        PlaybooksModule,
        CommunicationsModule,
        EvaluationsModule,
        ActionsModule,
        TrainingsModule,
        AttachmentsModule,
        ReportsModule,
        SearchModule,
        WorkingDaysModule,
        // the firm itself and its settings; the operator's firms (issue 20)
        FirmsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
