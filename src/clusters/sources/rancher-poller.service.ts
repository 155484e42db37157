import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { APP_CONFIG } from '../../config/config.token.js';
import type { AppConfig } from '../../config/config.types.js';
import { HttpRancherClient, type MalformedItem, type RancherClient } from '../../sources/rancher/index.js';
import { JobRegistry } from '../../scheduler/job-registry.service.js';
import { ClusterRegistry } from '../registry/cluster-registry.service.js';
import { failureOf } from './source-failure.js';

/** `schedules.clusterHealth` when it is an interval; Rancher itself refreshes its sums every 10–15 s. */
export const DEFAULT_POLL_MS = 30_000;

/**
 * Polls every configured Rancher server: at start (so the first reads have data), then every
 * `schedules.clusterHealth`. Not a scheduler job: jobs run on one replica at a time, while every
 * replica serves cluster reads from its own memory and must poll for itself.
 */
@Injectable()
export class RancherPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Clusters');
  private readonly clients: RancherClient[];
  private readonly intervalMs: number;
  private readonly malformedSeen = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  /** Polls in flight, per server: a slow or failing server skips its own ticks, never the others'. */
  private readonly running = new Map<RancherClient, Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly registry: ClusterRegistry,
    jobs: JobRegistry,
  ) {
    jobs.declareSchedule('clusterHealth');
    this.clients = config.rancher.servers.map((s) => new HttpRancherClient(s));
    const schedule = config.schedules.clusterHealth;
    this.intervalMs = schedule?.enabled === false ? 0 : (schedule?.intervalMs ?? DEFAULT_POLL_MS);
  }

  onApplicationBootstrap(): void {
    if (this.clients.length === 0) return;
    void this.pollAll();
    if (this.intervalMs > 0) {
      this.timer = setInterval(() => void this.pollAll(), this.intervalMs);
      this.timer.unref();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.running.values());
    await Promise.all(this.clients.map((c) => c.close()));
  }

  /**
   * One poll of every server not still busy with its previous one, side by side: a server whose
   * requests are retried for seconds never holds the others back.
   */
  async pollAll(): Promise<void> {
    await Promise.all(this.clients.map((c) => this.pollOnce(c)));
  }

  private pollOnce(client: RancherClient): Promise<void> {
    let running = this.running.get(client);
    if (!running) {
      running = this.poll(client).finally(() => this.running.delete(client));
      this.running.set(client, running);
    }
    return running;
  }

  private async poll(client: RancherClient): Promise<void> {
    try {
      const snapshot = await client.snapshot();
      this.reportMalformed(client.name, snapshot.malformed);
      this.registry.update(snapshot);
    } catch (err) {
      this.registry.fail(failureOf(client.name, 'rancher', FedwatchError.from(err)));
    }
  }

  /** Malformed items are logged once per distinct set, not once per poll. */
  private reportMalformed(source: string, malformed: readonly MalformedItem[]): void {
    const signature = JSON.stringify(malformed);
    if (this.malformedSeen.get(source) === signature) return;
    this.malformedSeen.set(source, signature);
    if (malformed.length > 0) {
      // Items with an id are kept as sent (the rancher CLI prints them with the raw value too).
      this.logger.warn({
        msg: 'Rancher returned malformed items',
        source,
        code: ErrorCode.SOURCE_MALFORMED,
        malformed,
      });
    }
  }
}
