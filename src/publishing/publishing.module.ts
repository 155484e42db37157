import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService } from '../observability/metrics.service.js';
import { destinationsProvider } from './destinations.provider.js';
import { MESSAGE_DESTINATIONS, type MessageDestination } from './message-destination.port.js';
import { OutboxMessagesRepository } from './outbox-messages.repository.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { OutboxWriterService } from './outbox-writer.service.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxGrpcController } from './outbox.grpc.controller.js';
import { OutboxMetrics } from './outbox.metrics.js';
import { OutboxPruneJob } from './outbox-prune.job.js';
import { OutboxStatusRepository } from './outbox-status.repository.js';
import { OutboxWriter } from './outbox.port.js';
import { OutboxService } from './outbox.service.js';

/**
 * Publishing: the transactional outbox, its relay and retention, and the read side (REST, gRPC).
 * Producers (accounting, discovery) import this module and inject `OutboxWriter`.
 *
 * Expects from the app: `APP_CONFIG`, `MetricsService`, `GrpcServer`, `JobRegistry` and the
 * TypeORM `DataSource` with the Outbox migration applied. Optional: `OUTBOX_RELAY_OPTIONS`.
 */
@Module({
  controllers: [OutboxController],
  providers: [
    destinationsProvider,
    {
      provide: OutboxStatusRepository,
      useFactory: (ds: DataSource) => new OutboxStatusRepository(ds),
      inject: [DataSource],
    },
    {
      provide: OutboxMessagesRepository,
      useFactory: (ds: DataSource) => new OutboxMessagesRepository(ds),
      inject: [DataSource],
    },
    {
      provide: OutboxMetrics,
      useFactory: (m: MetricsService, repo: OutboxStatusRepository) => new OutboxMetrics(m.registry, repo),
      inject: [MetricsService, OutboxStatusRepository],
    },
    OutboxRelay,
    { provide: OutboxWriter, useClass: OutboxWriterService },
    OutboxService,
    OutboxPruneJob,
    OutboxGrpcController,
  ],
  exports: [OutboxWriter, OutboxRelay, OutboxService, MESSAGE_DESTINATIONS],
})
export class PublishingModule implements OnApplicationShutdown {
  constructor(@Inject(MESSAGE_DESTINATIONS) private readonly destinations: readonly MessageDestination[]) {}

  // After every relay stopped (beforeApplicationShutdown), so no publish is cut short by a close.
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.destinations.map((d) => d.close()));
  }
}
