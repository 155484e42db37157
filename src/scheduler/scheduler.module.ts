import { type DynamicModule, Global, Module, type ModuleMetadata } from '@nestjs/common';
import { DatabaseConnection } from '../database/database-connection.js';
import { MetricsService } from '../observability/metrics.service.js';
import { Clock, SystemClock } from './clock.port.js';
import { JobExecutor } from './job-executor.service.js';
import { createJobLock } from './job-lock.factory.js';
import { JobLock } from './job-lock.port.js';
import { JobMetrics } from './job.metrics.js';
import { JobRegistry } from './job-registry.service.js';
import { JobRunner } from './job-runner.service.js';
import { JobStateRepository } from './job-state.repository.js';
import { JobStateService } from './job-state.service.js';
import { JobStateStore } from './job-state.store.js';
import { SCHEDULER_OPTIONS, type SchedulerOptions } from './scheduler.options.js';
import { JobsController } from './jobs.controller.js';

/**
 * The job scheduler. Global, so feature modules inject `JobRegistry` without importing it (importing
 * it twice would risk two registries). Expects from the app, globally or via `forRoot({ imports })`:
 * - `APP_CONFIG` (src/config/config.token.ts): the AppConfig — `schedules`, `shutdownGraceSeconds`;
 * - `MetricsService` (class token): its `registry` gets the fedwatch_job_* metrics;
 * - `DatabaseConnection` (abstract class token): `mode` picks the lock, `clientConfig()` feeds the
 *   advisory lock's dedicated connection;
 * - the default TypeORM `DataSource` (`getDataSourceToken()`, i.e. the `DataSource` class; global
 *   once `TypeOrmModule.forRootAsync` is imported) with the `job_state` migration applied.
 * Optional: `SCHEDULER_OPTIONS` (`forRoot({ options })`).
 */
@Global()
@Module({
  controllers: [JobsController],
  providers: [
    { provide: Clock, useClass: SystemClock },
    {
      provide: JobMetrics,
      useFactory: (m: MetricsService) => new JobMetrics(m.registry),
      inject: [MetricsService],
    },
    { provide: JobLock, useFactory: createJobLock, inject: [DatabaseConnection] },
    { provide: JobStateStore, useClass: JobStateRepository },
    JobRegistry,
    JobExecutor,
    JobRunner,
    JobStateService,
  ],
  exports: [JobRegistry, JobRunner, JobStateService],
})
export class SchedulerModule {
  static forRoot(
    params: { imports?: ModuleMetadata['imports']; options?: SchedulerOptions } = {},
  ): DynamicModule {
    return {
      module: SchedulerModule,
      imports: params.imports ?? [],
      providers: [{ provide: SCHEDULER_OPTIONS, useValue: params.options ?? {} }],
    };
  }
}
