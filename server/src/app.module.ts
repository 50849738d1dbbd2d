import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ClsModule } from 'nestjs-cls';
import { Access } from './access/access.service';
import { AssignmentsController } from './assignments/assignments.controller';
import { AssignmentsService } from './assignments/assignments.service';
import { AuditLogsController } from './audit/audit-logs.controller';
import { AuditLogsService } from './audit/audit-logs.service';
import { AuditService } from './audit/audit.service';
import { AuditAnchors } from './audit/anchors';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { JwtStrategy } from './auth/jwt.strategy';
import { LOGIN_THROTTLE, LoginThrottle } from './auth/login-throttle';
import { SessionsService } from './auth/sessions.service';
import { ClientsController } from './clients/clients.controller';
import { ClientsService } from './clients/clients.service';
import { AllExceptionsFilter } from './common/exception.filter';
import { createLogger, QueryLogger } from './common/logging';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { POOL_OPTIONS } from './database/data-source';
import { ENTITIES } from './database/entities';
import { HealthController } from './health/health.controller';
import { Locks } from './tenancy/locks';
import { TenantDb } from './tenancy/tenant-db.service';
import { PreparingClient } from './database/prepared';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { GradingsController, IncidentsController } from './incidents/incidents.controller';
import { IncidentsService } from './incidents/incidents.service';
import { GradingsService } from './incidents/gradings.service';
import { ObligationsController } from './obligations/obligations.controller';
import { ObligationsService } from './obligations/obligations.service';
import { PlaybooksController } from './playbooks/playbooks.controller';
import { PlaybooksService } from './playbooks/playbooks.service';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { TimelineController } from './timeline/timeline.controller';
import { TimelineService } from './timeline/timeline.service';
import { CommunicationsController, CommunicationTemplatesController } from './communications/communications.controller';
import { CommunicationsService } from './communications/communications.service';
import { CommunicationTemplatesService } from './communications/communication-templates.service';
import { EvaluationsController, EvaluationTemplatesController } from './evaluations/evaluations.controller';
import { EvaluationsService } from './evaluations/evaluations.service';
import { EvaluationTemplatesService } from './evaluations/evaluation-templates.service';
import { ActionsController } from './actions/actions.controller';
import { ActionsService } from './actions/actions.service';
import { TrainingsController } from './trainings/trainings.controller';
import { TrainingsService } from './trainings/trainings.service';
import { AttachmentsController } from './attachments/attachments.controller';
import { AttachmentsService } from './attachments/attachments.service';
import { uploadsModule } from './attachments/upload';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { ServiceReportService } from './reports/service-report.service';
import { NotificationsModule } from './notifications/notifications.module';

export interface AppModuleOptions {
  /** the sign-in throttle's keys start with this (default `login`): tests give each app its own counts */
  throttleKeyPrefix?: string;
  /** the root logger: TypeORM's failed and slow queries are logged to it (QueryLogger: never their parameters) */
  log?: Logger;
  /** the database owner's connection: pg-boss's (jobs/job-queue.ts) */
  jobsDatabaseUrl?: string | null;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, appDatabaseUrl: string, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      // the request's database handle, the access check, the locks and the audit for the feature modules
      // (NotificationsModule), until a tenancy module of their own provides them
      global: true,
      exports: [TenantDb, Locks, Access, AuditService],
      imports: [
        ConfigModule.forRoot(config),
        // ClsService only: ClsModule.forRoot() would also register a guard and an interceptor for every route, which do
        // nothing unless mounted but cost every request Nest's interceptor chain (tenancy/tenant-controller.ts)
        ClsModule.forFeature(),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: appDatabaseUrl,
          entities: ENTITIES,
          synchronize: false,
          migrationsRun: false,
          installExtensions: false,
          poolSize: 20,
          // statements with parameters are prepared once per connection (server/src/database/prepared.ts)
          extra: { application_name: 'incident-desk-app', Client: PreparingClient, ...POOL_OPTIONS },
          logger: new QueryLogger(options.log ?? createLogger('silent')),
        } as any),
        PassportModule,
        // multipart uploads (attachments, CSV imports): limits from MAX_UPLOAD_BYTES
        uploadsModule(),
        JwtModule.register({
          secret: config.jwtSecret,
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        NotificationsModule.forRoot({ jobsDatabaseUrl: options.jobsDatabaseUrl ?? config.databaseUrl }),
      ],
      controllers: [
        AuthController, HealthController, ClientsController, UsersController, AssignmentsController, AuditLogsController,
        IncidentsController, GradingsController, TasksController, TimelineController, ObligationsController, PlaybooksController,
        CommunicationsController, CommunicationTemplatesController,
        EvaluationsController, EvaluationTemplatesController, ActionsController,
        TrainingsController, AttachmentsController,
        ReportsController,
      ],
      providers: [
        TenantDb,
        Locks,
        Access,
        AuditService,
        AuditAnchors,
        JwtStrategy,
        SessionsService,
        AuthService,
        // sign-in counts in PostgreSQL, shared by every app server on the database
        {
          provide: LOGIN_THROTTLE,
          useFactory: (ds: DataSource) => LoginThrottle.postgres(ds, options.throttleKeyPrefix),
          inject: [getDataSourceToken()],
        },
        ClientsService,
        UsersService,
        AssignmentsService,
        AuditLogsService,
        IncidentsService,
        GradingsService,
        TasksService,
        TimelineService,
        ObligationsService,
        PlaybooksService,
        CommunicationsService,
        CommunicationTemplatesService,
        EvaluationsService,
        EvaluationTemplatesService,
        ActionsService,
        TrainingsService,
        AttachmentsService,
        ServiceReportService,
        ReportsService,
        // authentication, and the way into the user's scope that every @TenantController route runs in
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
