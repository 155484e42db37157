import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../observability/metrics.service.js';
import { JobRegistry } from '../scheduler/job-registry.service.js';
import type { JobResult } from '../scheduler/job.types.js';
import { BrokerProbe } from './broker-probe.js';

/**
 * Probes the database (and the broker, when configured) on a schedule so that Prometheus sees
 * `fedwatch_database_up` / `fedwatch_broker_up` even when nobody calls /readyz.
 */
@Injectable()
export class HealthProbeJob implements OnModuleInit {
  private readonly databaseUp: Gauge;
  private readonly brokerUp: Gauge;

  constructor(
    private readonly registry: JobRegistry,
    private readonly dataSource: DataSource,
    metrics: MetricsService,
    @Optional() @Inject(BrokerProbe) private readonly broker: BrokerProbe | null,
  ) {
    this.databaseUp = new Gauge({
      name: 'fedwatch_database_up',
      help: '1 when the database answered the last probe, else 0.',
      registers: [metrics.registry],
    });
    this.brokerUp = new Gauge({
      name: 'fedwatch_broker_up',
      help: '1 when the AMQP broker accepted a connection at the last probe, else 0 (absent when none is configured).',
      registers: broker ? [metrics.registry] : [],
    });
  }

  onModuleInit(): void {
    this.registry.register({
      id: 'healthProbe',
      description: 'Probe the database and the broker; feeds fedwatch_database_up and fedwatch_broker_up.',
      defaultSchedule: { intervalMs: 30_000, timeoutMs: 10_000 },
      handler: () => this.run(),
    });
  }

  private async run(): Promise<JobResult> {
    const problems: string[] = [];
    try {
      await this.dataSource.query('SELECT 1');
      this.databaseUp.set(1);
    } catch (err) {
      this.databaseUp.set(0);
      problems.push(`database: ${(err as Error).message}`);
    }
    if (this.broker) {
      const state = await this.broker.state();
      this.brokerUp.set(state.reachable ? 1 : 0);
      if (!state.reachable) problems.push(`broker: ${state.error ?? 'unreachable'}`);
    }
    return problems.length ? { status: 'failed', reason: problems.join('; ') } : { status: 'succeeded' };
  }
}
