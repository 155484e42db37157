import { Injectable } from '@nestjs/common';
import { JobRegistry } from './job-registry.service.js';
import { JobRunner } from './job-runner.service.js';
import { JobStateStore } from './job-state.store.js';
import { toJobView, type JobView } from './job-view.js';

/** Read side for the API and CLI: registered jobs merged with their persisted last run. */
@Injectable()
export class JobStateService {
  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
    private readonly store: JobStateStore,
  ) {}

  /** Every registered job, sorted by id; rows of jobs no longer registered are left out. */
  async list(): Promise<JobView[]> {
    const rows = new Map((await this.store.findAll()).map((row) => [row.jobId, row]));
    return this.registry.list().map((def) => this.view(def.id, rows.get(def.id)));
  }

  /** Throws NOT_FOUND for an unknown job. */
  async get(jobId: string): Promise<JobView> {
    this.registry.get(jobId);
    const row = (await this.store.findAll()).find((r) => r.jobId === jobId);
    return this.view(jobId, row);
  }

  private view(jobId: string, row: Parameters<typeof toJobView>[3]): JobView {
    return toJobView(
      this.registry.get(jobId),
      this.registry.schedule(jobId),
      this.runner.nextRunAt(jobId),
      row,
    );
  }
}
