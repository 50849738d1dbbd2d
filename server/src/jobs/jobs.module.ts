import { DynamicModule, Module } from '@nestjs/common';
import { JOB_QUEUES, JOBS_DATABASE_URL, JobQueue, JobRunner, type QueueDef } from './job-queue';

/**
 * pg-boss for the application: JobQueue (enqueue in the caller's transaction) and JobRunner (this server's workers and
 * schedules). `ownerUrl`: the database owner's connection, which installs and runs pg-boss (job-queue.ts).
 */
@Module({})
export class JobsModule {
  static forRoot(opts: { ownerUrl: string | null; queues: QueueDef[] }): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        { provide: JOBS_DATABASE_URL, useValue: opts.ownerUrl },
        { provide: JOB_QUEUES, useValue: opts.queues },
        JobQueue,
        JobRunner,
      ],
      exports: [JobQueue, JobRunner],
    };
  }
}
