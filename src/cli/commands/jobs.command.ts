import type { Command } from 'commander';
import type { JobRunOutcome } from '../../scheduler/job.types.js';
import type { JobView } from '../../scheduler/job-view.js';
import { ProgressReporter } from '../output/progress.js';
import { render } from '../output/render.js';
import { remote } from './remote-context.js';

type Json<T> = { [K in keyof T]: T[K] extends Date | null ? string | null : T[K] };

export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('scheduled jobs of the service');
  jobs
    .command('ls')
    .alias('list')
    .description('list jobs with their schedule and last run')
    .action(
      remote(async ({ client, output, quiet }) => {
        const rows = await client.get<Json<JobView>[]>('/api/v1/jobs');
        process.stdout.write(
          render(
            output,
            rows,
            [
              { header: 'ID', value: (j) => j.id },
              { header: 'SCHEDULE', value: (j) => (j.enabled ? j.schedule : `${j.schedule} (disabled)`) },
              { header: 'LAST', value: (j) => j.lastStatus ?? 'never' },
              { header: 'LAST RUN', value: (j) => j.lastStartedAt ?? '' },
              {
                header: 'DURATION',
                value: (j) => (j.lastDurationMs === null ? '' : `${j.lastDurationMs}ms`),
              },
              { header: 'RUNS', value: (j) => String(j.runsTotal) },
              { header: 'FAILURES', value: (j) => String(j.failuresTotal) },
              { header: 'REASON', value: (j) => j.lastReason ?? '' },
            ],
            { quiet },
          ),
        );
      }),
    );
  jobs
    .command('run <id>')
    .description('run a job now and wait for its outcome (needs an admin token)')
    .action(
      remote(async ({ client, output, quiet }, id: string) => {
        const progress = new ProgressReporter({ label: `running ${id}` });
        progress.start();
        let outcome: Json<JobRunOutcome>;
        try {
          outcome = await client.post<Json<JobRunOutcome>>(`/api/v1/jobs/${encodeURIComponent(id)}/run`);
        } catch (err) {
          progress.fail((err as Error).message);
          throw err;
        }
        progress.finish(`${id}: ${outcome.status}`);
        process.stdout.write(
          render(
            output,
            outcome,
            [
              { header: 'JOB', value: (o) => o.jobId },
              { header: 'STATUS', value: (o) => o.status },
              { header: 'DURATION', value: (o) => `${o.durationMs}ms` },
              { header: 'INSTANCE', value: (o) => o.instance },
              { header: 'REASON', value: (o) => o.reason ?? '' },
            ],
            { quiet, id: (o) => o.jobId },
          ),
        );
        if (outcome.status === 'failed' || outcome.status === 'timeout') process.exitCode = 1;
      }),
    );
}
