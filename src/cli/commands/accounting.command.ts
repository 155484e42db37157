import type { Command } from 'commander';
import type { StoredRecord, WatermarkRow } from '../../accounting/accounting.types.js';
import type { ExtractionView } from '../../accounting/extraction.types.js';
import { ProgressReporter } from '../output/progress.js';
import { render } from '../output/render.js';
import { remote, type RemoteContext } from './remote-context.js';
import { registerDryRun, runDryRun, type DryRunOptions } from './accounting-dry-run.command.js';

type Json<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

interface ExtractOptions {
  site?: string;
  project?: string;
  from?: string;
  to?: string;
  republish?: boolean;
  dryRun?: boolean;
}

const POLL_MS = 500;

export function registerAccounting(program: Command): void {
  const accounting = program.command('accounting').description('APEL accounting records from OpenStack');
  const extract = accounting
    .command('extract')
    .description('extract a window now in the running service and follow it (or --dry-run locally)')
    .option('--site <name>', 'one configured OpenStack site')
    .option('--project <id>', 'one project')
    .option('--from <iso>', 'window start (with --to: a past window; the watermark is not moved)')
    .option('--to <iso>', 'window end')
    .option('--republish', 'send messages again even if identical ones were published');
  registerDryRun(extract);
  const extractRemotely = remote(async (ctx, opts: ExtractOptions, _command: Command) => {
    const started = await ctx.client.post<Json<ExtractionView>>('/api/v1/accounting/extractions', {
      site: opts.site,
      project: opts.project,
      from: opts.from,
      to: opts.to,
      republish: opts.republish === true,
    });
    const view = await follow(ctx, started.id);
    process.stdout.write(
      render(
        ctx.output,
        view,
        [
          { header: 'ID', value: (v) => v.id },
          { header: 'STATE', value: (v) => v.state },
          { header: 'PROJECTS', value: (v) => `${v.progress.projectsDone}/${v.progress.projectsTotal}` },
          { header: 'FAILED', value: (v) => String(v.progress.projectsFailed) },
          { header: 'RECORDS', value: (v) => String(v.progress.records) },
          { header: 'MESSAGES', value: (v) => String(v.progress.messages) },
          { header: 'ERROR', value: (v) => v.error ?? '' },
        ],
        { quiet: ctx.quiet },
      ),
    );
    if (view.state === 'failed') process.exitCode = 1;
    if (view.state === 'partial') process.exitCode = 3;
  });
  extract.action(async (opts: ExtractOptions & DryRunOptions, command: Command) => {
    if (opts.dryRun) await runDryRun(opts);
    else await extractRemotely(opts, command);
  });

  accounting
    .command('records')
    .description('list stored records')
    .option('--type <type>', 'cloud, storage, ip or accelerator')
    .option('--site <name>')
    .option('--vo <vo>')
    .option('--project <id>')
    .option('--from <iso>')
    .option('--to <iso>')
    .option('--limit <n>', 'records per page', '100')
    .option('--cursor <cursor>', 'continue after a previous page')
    .action(
      remote(async ({ client, output, quiet }, opts: Record<string, string | undefined>) => {
        const params = new URLSearchParams();
        for (const key of ['type', 'site', 'vo', 'project', 'from', 'to', 'limit', 'cursor']) {
          if (opts[key]) params.set(key, opts[key]!);
        }
        const page = await client.get<{ records: Json<StoredRecord>[]; nextCursor: string | null }>(
          `/api/v1/accounting/records?${params}`,
        );
        if (output !== 'table') {
          process.stdout.write(render(output, page, []));
          return;
        }
        process.stdout.write(
          render(
            output,
            page.records,
            [
              { header: 'TYPE', value: (r) => r.type },
              { header: 'KEY', value: (r) => r.key },
              { header: 'SITE', value: (r) => r.site },
              { header: 'VO', value: (r) => r.vo },
              { header: 'PROJECT', value: (r) => r.projectId },
              { header: 'MEASURED', value: (r) => r.measuredAt },
              { header: 'STATUS', value: (r) => String(r.fields.Status ?? '') },
              { header: 'WALL', value: (r) => String(r.fields.WallDuration ?? '') },
            ],
            { quiet, id: (r) => r.key },
          ),
        );
        if (page.nextCursor) process.stderr.write(`more: --cursor ${page.nextCursor}\n`);
      }),
    );

  accounting
    .command('status')
    .description("each project's watermark, last run and last error")
    .action(
      remote(async ({ client, output, quiet }) => {
        const rows =
          await client.get<(Json<WatermarkRow> & { watermarkAgeSeconds: number })[]>(
            '/api/v1/accounting/status',
          );
        process.stdout.write(
          render(
            output,
            rows,
            [
              { header: 'SITE', value: (w) => w.site },
              { header: 'PROJECT', value: (w) => w.projectId },
              { header: 'VO', value: (w) => w.vo ?? '' },
              { header: 'WATERMARK', value: (w) => w.watermark },
              { header: 'AGE', value: (w) => `${w.watermarkAgeSeconds}s` },
              { header: 'LAST RUN', value: (w) => w.lastRunAt ?? '' },
              { header: 'LAST ERROR', value: (w) => w.lastError ?? '' },
            ],
            { quiet, id: (w) => `${w.site}/${w.projectId}` },
          ),
        );
      }),
    );
}

/** Polls the extraction, showing progress on stderr, until it has finished. */
async function follow(ctx: RemoteContext, id: string): Promise<Json<ExtractionView>> {
  const progress = new ProgressReporter({ label: `extraction ${id}` });
  progress.start();
  for (;;) {
    const view = await ctx.client.get<Json<ExtractionView>>(`/api/v1/accounting/extractions/${id}`);
    if (view.progress.projectsTotal) progress.update(view.progress.projectsDone, view.progress.projectsTotal);
    if (view.state !== 'queued' && view.state !== 'running') {
      if (view.state === 'failed') progress.fail(view.error ?? 'failed');
      else
        progress.finish(
          `${view.state}: ${view.progress.records} records, ${view.progress.messages} messages`,
        );
      return view;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
