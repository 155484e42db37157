import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig } from '../config/config.types.js';
import { JobRegistry } from '../scheduler/job-registry.service.js';
import type { JobContext, JobResult } from '../scheduler/job.types.js';
import { DiscoveryRunService } from './discovery-run.service.js';

/** EGI's providers run every 30 minutes (glue-cloud-info.md §5); documents stay valid for 12 h. */
const DEFAULT_INTERVAL_MS = 30 * 60_000;

/** The scheduled discovery: one GLUE 2.1 document per OpenStack endpoint, published when it changed. */
@Injectable()
export class DiscoveryJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly runs: DiscoveryRunService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'openstack'>,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      id: 'discovery',
      description: 'Build the GLUE 2.1 document of each OpenStack endpoint and publish it when it changed.',
      defaultSchedule: { intervalMs: DEFAULT_INTERVAL_MS, timeoutMs: 10 * 60_000 },
      // The document is served and published from the first minutes, not half an hour after start.
      runAtStart: true,
      handler: (ctx) => this.run(ctx),
    });
  }

  private async run(ctx: JobContext): Promise<JobResult> {
    if (this.config.openstack.sites.length === 0) {
      return { status: 'skipped', reason: 'no OpenStack endpoint is configured (openstack.sites)' };
    }
    const result = await this.runs.run(new Date(), ctx.signal);
    const count = (status: string) => result.endpoints.filter((e) => e.status === status).length;
    const details = {
      endpoints: result.endpoints.length,
      published: count('published'),
      unchanged: count('unchanged'),
      failed: count('failed'),
    };
    if (result.error) return { status: 'failed', reason: result.error, details };
    const failed = result.endpoints.filter((e) => e.status === 'failed');
    if (failed.length === 0) return { status: 'succeeded', details };
    const reason = failed.map((e) => `${e.endpoint}: ${e.error}`).join('; ');
    return { status: 'failed', reason, details };
  }
}
