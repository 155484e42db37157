import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/config.types.js';
import { migrateUp } from '../database/migration-runner.js';
import { openDatabase, type OpenDatabase } from '../database/open-database.js';
import { GrpcServer } from '../grpc/grpc-server.js';
import { ShutdownState } from '../health/shutdown-state.js';
import { NestPinoLogger } from '../observability/logger.js';
import { MetricsService } from '../observability/metrics.service.js';
import { AppModule } from './app.module.js';
import { setUpOpenApi } from './openapi.js';

export interface RunningService {
  httpPort: number;
  grpcPort: number;
  metricsPort: number | null;
  database: OpenDatabase;
  /** Stops taking work, lets running jobs finish within the grace period, closes everything. */
  stop(): Promise<void>;
}

/** Opens and migrates the database, then starts REST, gRPC, metrics and the scheduler. */
export async function startService(loaded: LoadedConfig, logger: Logger): Promise<RunningService> {
  const { config } = loaded;
  for (const warning of loaded.warnings) logger.warn(warning);
  const database = await openDatabase({
    database: config.database,
    dataDir: config.dataDir,
    command: 'fedwatch serve',
  });
  let app: NestExpressApplication | null = null;
  let metricsServer: Server | null = null;
  try {
    logger.info({ database: database.description }, 'database open');
    const applied = await migrateUp(database.dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');

    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, database }), {
      logger: new NestPinoLogger(logger),
      abortOnError: false,
      forceCloseConnections: true,
    });
    app.disable('x-powered-by');
    setUpOpenApi(app);
    await app.listen(config.httpPort, config.httpHost);
    const httpPort = (app.getHttpServer().address() as AddressInfo).port;
    const grpcPort = app.get(GrpcServer).boundPort ?? config.grpcPort;
    if (config.metricsPort !== null) metricsServer = await serveMetrics(app.get(MetricsService), config);
    const metricsPort = metricsServer ? (metricsServer.address() as AddressInfo).port : null;
    logger.info({ host: config.httpHost, httpPort, grpcPort, metricsPort }, 'fedwatch is serving');

    const running = app;
    return {
      httpPort,
      grpcPort,
      metricsPort,
      database,
      async stop() {
        running.get(ShutdownState).stopping = true;
        metricsServer?.close();
        await running.close();
        await database.close();
      },
    };
  } catch (err) {
    metricsServer?.close();
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
}

/** The optional separate metrics listener: the same registry as /metrics on the HTTP port. */
async function serveMetrics(metrics: MetricsService, config: LoadedConfig['config']): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500).end('metrics collection failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.metricsPort ?? 0, config.httpHost, () => resolve());
  });
  return server;
}
