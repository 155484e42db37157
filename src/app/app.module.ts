import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountingModule } from '../accounting/accounting.module.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { HttpExceptionFilter } from '../api/http-exception.filter.js';
import { ApiAuthGuard } from '../common/auth/api-auth.guard.js';
import { DiscoveryModule } from '../discovery/discovery.module.js';
import type { OpenDatabase } from '../database/open-database.js';
import { GrpcModule } from '../grpc/grpc.module.js';
import { HealthModule } from '../health/health.module.js';
import { HttpMetricsInterceptor } from '../observability/http-metrics.interceptor.js';
import { MetricsController } from '../observability/metrics.controller.js';
import { PublishingModule } from '../publishing/publishing.module.js';
import { SchedulerModule } from '../scheduler/scheduler.module.js';
import { SystemModule } from '../system/system.module.js';
import type { AppConfig } from '../config/config.types.js';
import { CoreModule } from './core.module.js';

export interface AppContext {
  config: AppConfig;
  database: OpenDatabase;
}

/**
 * The whole service. Capabilities (accounting, publishing, discovery, cluster health, and later
 * image sync, DNS sync) plug in here as one module each.
 */
@Module({})
export class AppModule {
  static forRoot(ctx: AppContext): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({ config: ctx.config, database: ctx.database }),
        // The data source is opened (and migrated) before Nest starts; TypeORM's module only shares it.
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres' }),
          dataSourceFactory: async () => ctx.database.dataSource,
        }),
        GrpcModule,
        HealthModule,
        SchedulerModule,
        SystemModule,
        PublishingModule,
        AccountingModule,
        ClustersModule,
        DiscoveryModule,
      ],
      controllers: [MetricsController],
      providers: [
        { provide: APP_GUARD, useClass: ApiAuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
      ],
    };
  }
}
