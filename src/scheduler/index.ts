export { SchedulerModule } from './scheduler.module.js';
export { JobRegistry } from './job-registry.service.js';
export { JobRunner } from './job-runner.service.js';
export { JobStateService } from './job-state.service.js';
export type { JobView } from './job-view.js';
export type { JobContext, JobDefinition, JobResult, JobRunOutcome, JobRunStatus } from './job.types.js';
export { SCHEDULER_OPTIONS, type SchedulerOptions } from './scheduler.options.js';
