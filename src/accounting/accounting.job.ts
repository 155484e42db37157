import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../scheduler/job-registry.service.js';
import type { JobResult } from '../scheduler/job.types.js';
import { ExtractionService } from './extraction.service.js';

/** The scheduled extraction: every project from its watermark, catching up in bounded windows. */
@Injectable()
export class AccountingJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly extractions: ExtractionService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      id: 'accounting',
      description: 'Extract OpenStack usage into APEL records and queue them for publishing.',
      defaultSchedule: { intervalMs: 3_600_000, timeoutMs: 50 * 60_000 },
      handler: () => this.run(),
    });
  }

  private async run(): Promise<JobResult> {
    const { id, done } = await this.extractions.start({ trigger: 'schedule', republish: false });
    const view = await done;
    const details = { extraction: id, ...view.progress };
    if (view.state === 'succeeded') return { status: 'succeeded', details };
    const reason = view.error ?? `${view.progress.projectsFailed} project(s) failed; see extraction ${id}`;
    return { status: 'failed', reason, details };
  }
}
