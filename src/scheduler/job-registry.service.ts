import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig } from '../config/config.types.js';
import type { EffectiveSchedule, JobDefinition } from './job.types.js';
import { resolveSchedule } from './schedule.resolver.js';

/** Ids appear in config keys, metric labels and URLs: keep them plain. */
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The one table of jobs. Feature modules call `register` in their `onModuleInit`; the runner reads
 * it on application bootstrap and seals it, so a late registration fails loudly instead of being a
 * job that silently never runs.
 */
@Injectable()
export class JobRegistry {
  private readonly jobs = new Map<string, { def: JobDefinition; schedule: EffectiveSchedule }>();
  private sealed = false;
  private readonly otherSchedules = new Set<string>();

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'schedules'>) {}

  /** Throws on a duplicate id, a late call, or an invalid schedule (default or configured). */
  register(def: JobDefinition): void {
    if (this.sealed) {
      throw new FedwatchError(ErrorCode.INTERNAL, `job ${def.id} registered after the scheduler started`);
    }
    if (!JOB_ID.test(def.id)) {
      throw new FedwatchError(ErrorCode.INTERNAL, `job id "${def.id}" must match ${JOB_ID}`);
    }
    if (this.jobs.has(def.id)) throw new FedwatchError(ErrorCode.INTERNAL, `job ${def.id} registered twice`);
    // Validate the default even when config overrides it: it is the job author's contract.
    resolveSchedule(def, undefined);
    const schedule = resolveSchedule(def, this.config.schedules[def.id]);
    this.jobs.set(def.id, { def, schedule });
  }

  /** Throws NOT_FOUND for an unknown id. */
  get(jobId: string): JobDefinition {
    return this.entry(jobId).def;
  }

  has(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  schedule(jobId: string): EffectiveSchedule {
    return this.entry(jobId).schedule;
  }

  /** Sorted by id. */
  list(): JobDefinition[] {
    return [...this.jobs.values()].map((e) => e.def).sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * A `schedules` key read by something that is not a job (the per-replica cluster poller), so
   * that it is not warned about as a typo.
   */
  declareSchedule(id: string): void {
    this.otherSchedules.add(id);
  }

  /** Config `schedules` keys that match no job: most likely typos, worth a warning. */
  unknownScheduleIds(): string[] {
    return Object.keys(this.config.schedules).filter(
      (id) => !this.jobs.has(id) && !this.otherSchedules.has(id),
    );
  }

  seal(): void {
    this.sealed = true;
  }

  private entry(jobId: string): { def: JobDefinition; schedule: EffectiveSchedule } {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new FedwatchError(ErrorCode.NOT_FOUND, `no job ${jobId}`, { jobId });
    return entry;
  }
}
