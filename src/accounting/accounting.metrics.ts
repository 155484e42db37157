import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '../observability/metrics.service.js';
import { AccountingStore } from './accounting.store.js';

/** The accounting metrics the dashboards and alerts use (names fixed by the issue). */
@Injectable()
export class AccountingMetrics {
  readonly records: Counter<'type' | 'site' | 'vo'>;
  readonly extractionDuration: Histogram<'site'>;

  constructor(metrics: MetricsService, store: AccountingStore) {
    this.records = new Counter({
      name: 'fedwatch_accounting_records_total',
      help: 'Accounting records stored (and queued for publishing) by type, site and VO.',
      labelNames: ['type', 'site', 'vo'],
      registers: [metrics.registry],
    });
    this.extractionDuration = new Histogram({
      name: 'fedwatch_accounting_extraction_duration_seconds',
      help: 'Duration of the extraction of one site.',
      labelNames: ['site'],
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers: [metrics.registry],
    });
    let cached: { at: number; rows: Awaited<ReturnType<AccountingStore['watermarks']>> } | null = null;
    new Gauge({
      name: 'fedwatch_accounting_watermark_age_seconds',
      help: 'Seconds since the end of the last window stored for the project (stale when it keeps growing).',
      labelNames: ['site', 'project'],
      registers: [metrics.registry],
      async collect() {
        // Scrapes come every few seconds; the watermarks move at most once per extraction.
        if (!cached || Date.now() - cached.at > 10_000)
          cached = { at: Date.now(), rows: await store.watermarks() };
        this.reset();
        for (const w of cached.rows) {
          this.set({ site: w.site, project: w.projectId }, (Date.now() - w.watermark.getTime()) / 1000);
        }
      },
    });
  }
}
