import { Module } from '@nestjs/common';
import { PublishingModule } from '../publishing/publishing.module.js';
import { OpenStackModule } from '../sources/openstack/openstack.module.js';
import { AccountingController } from './accounting.controller.js';
import { AccountingGrpcController } from './accounting.grpc.controller.js';
import { AccountingJob } from './accounting.job.js';
import { AccountingMetrics } from './accounting.metrics.js';
import { AccountingStore } from './accounting.store.js';
import { ExtractionRunStore } from './extraction-run.store.js';
import { ExtractionService } from './extraction.service.js';
import { AccountingExtractor } from './extraction.types.js';
import { OpenStackAccountingExtractor } from './openstack-accounting.extractor.js';
import { UsageSummaryStore } from './usage-summary.store.js';

/** OpenStack usage → APEL records, stored with their outbox messages and watermark in one transaction. */
@Module({
  imports: [OpenStackModule, PublishingModule],
  controllers: [AccountingController],
  providers: [
    AccountingStore,
    UsageSummaryStore,
    ExtractionRunStore,
    AccountingMetrics,
    { provide: AccountingExtractor, useClass: OpenStackAccountingExtractor },
    ExtractionService,
    AccountingJob,
    AccountingGrpcController,
  ],
})
export class AccountingModule {}
