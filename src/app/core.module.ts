import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TokenAuthenticator } from '../common/auth/token-authenticator.js';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig } from '../config/config.types.js';
import { DatabaseConnection } from '../database/database-connection.js';
import { BrokerProbe } from '../health/broker-probe.js';
import { ShutdownState } from '../health/shutdown-state.js';
import { MetricsService } from '../observability/metrics.service.js';
import { registerProcessMetrics } from '../observability/process-metrics.js';

export interface CoreContext {
  config: AppConfig;
  database: DatabaseConnection;
}

/** Process-wide singletons every capability may inject: config, database, metrics, auth. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(ctx: CoreContext): DynamicModule {
    const metrics = new MetricsService();
    registerProcessMetrics(metrics.registry);
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: ctx.config },
      { provide: DatabaseConnection, useValue: ctx.database },
      { provide: MetricsService, useValue: metrics },
      { provide: TokenAuthenticator, useValue: new TokenAuthenticator(ctx.config.api) },
      ShutdownState,
    ];
    if (ctx.config.federation.amqp.url) {
      providers.push({ provide: BrokerProbe, useValue: new BrokerProbe(ctx.config.federation.amqp.url) });
    }
    return {
      module: CoreModule,
      providers,
      exports: providers.map((p) => (typeof p === 'function' ? p : p.provide)),
    };
  }
}
