import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig } from '../config/config.types.js';
import { MetricsService } from '../observability/metrics.service.js';
import { PublishingModule } from '../publishing/publishing.module.js';
import { OpenStackClientFactory } from '../sources/openstack/openstack-client.factory.js';
import { OpenStackModule } from '../sources/openstack/openstack.module.js';
import { GlueInputCollector } from './collect/glue-input.collector.js';
import { OpenStackGlueInputCollector } from './collect/openstack-glue-input.collector.js';
import { DiscoveryController } from './discovery.controller.js';
import { DiscoveryGrpcController } from './discovery.grpc.controller.js';
import { DiscoveryJob } from './discovery.job.js';
import { DiscoveryMetrics } from './discovery.metrics.js';
import { DiscoveryReadService } from './discovery-read.service.js';
import { DiscoveryRunService } from './discovery-run.service.js';
import { DiscoveryStore } from './discovery-store.port.js';
import { DataDirDocumentOutput, DocumentOutput } from './document-output.js';
import { PostgresDiscoveryStore } from './postgres-discovery.store.js';

/**
 * GLUE 2.1 service discovery: per OpenStack endpoint a cloud-info document, built on a schedule,
 * validated, stored with its outbox message in one transaction, written to the data directory, and
 * served over REST and gRPC. The OpenStack clients (tokens, sockets) are shared with accounting.
 */
@Module({
  imports: [OpenStackModule, PublishingModule],
  controllers: [DiscoveryController],
  providers: [
    { provide: DiscoveryStore, useClass: PostgresDiscoveryStore },
    {
      provide: GlueInputCollector,
      useFactory: (config: AppConfig, clients: OpenStackClientFactory) =>
        new OpenStackGlueInputCollector({ config, clients }),
      inject: [APP_CONFIG, OpenStackClientFactory],
    },
    {
      provide: DocumentOutput,
      useFactory: (config: AppConfig) =>
        new DataDirDocumentOutput(config.dataDir, config.discovery.outputDir),
      inject: [APP_CONFIG],
    },
    {
      provide: DiscoveryMetrics,
      useFactory: (metrics: MetricsService, store: DiscoveryStore, config: AppConfig) =>
        new DiscoveryMetrics(
          metrics.registry,
          store,
          config.openstack.sites.map((s) => s.name),
        ),
      inject: [MetricsService, DiscoveryStore, APP_CONFIG],
    },
    DiscoveryRunService,
    DiscoveryReadService,
    DiscoveryJob,
    DiscoveryGrpcController,
  ],
})
export class DiscoveryModule {}
