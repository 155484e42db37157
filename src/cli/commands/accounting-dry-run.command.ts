import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildProjectWindow } from '../../accounting/project-window.js';
import { parseInstant } from '../../accounting/accounting.params.js';
import { FedwatchError } from '../../common/errors/index.js';
import { packageVersion } from '../../common/package-info.js';
import { HttpOpenStackClientFactory } from '../../sources/openstack/openstack-client.factory.js';
import { OpenStackUsageCollector } from '../../sources/openstack/usage/usage-collector.js';
import { ProgressReporter } from '../output/progress.js';
import { EXIT_FAILURE, loadLocalContext } from './local-context.js';

export interface DryRunOptions {
  dryRun?: boolean;
  outDir?: string;
  config?: string;
  site?: string;
  project?: string;
  from?: string;
  to?: string;
}

export function registerDryRun(extract: Command): void {
  extract
    .option('--dry-run', 'run locally from the config file alone: no service, no database, nothing published')
    .option('--out-dir <dir>', 'with --dry-run: write each message as <dir>/<kind>/<NNNNNN>.msg')
    .option('-c, --config <file>', 'with --dry-run: configuration file');
}

/**
 * The extraction without the service: reads OpenStack, builds the records and writes each message
 * it would publish (unsigned) to a file. Touches no database, so it runs beside a live service.
 */
export async function runDryRun(opts: DryRunOptions): Promise<void> {
  const { loaded } = loadLocalContext(opts.config);
  const { config } = loaded;
  try {
    if (!opts.outDir) throw new FedwatchError('INVALID_ARGUMENT', '--dry-run needs --out-dir DIR');
    const from = parseInstant(opts.from, '--from');
    const to = parseInstant(opts.to, '--to');
    if ((from === undefined) !== (to === undefined))
      throw new FedwatchError('INVALID_ARGUMENT', 'give --from and --to together');
    const end = new Date(Math.floor(Date.now() / 1000) * 1000);
    const window =
      from && to
        ? { from, to }
        : { from: new Date(end.getTime() - config.accounting.initialLookbackSeconds * 1000), to: end };
    if (window.from >= window.to) throw new FedwatchError('INVALID_ARGUMENT', '--from must be before --to');
    const sites = config.openstack.sites.filter((s) => !opts.site || s.name === opts.site);
    if (sites.length === 0)
      throw new FedwatchError(
        'NOT_FOUND',
        opts.site ? `no OpenStack site named ${opts.site}` : 'no OpenStack sites configured',
      );

    const factory = new HttpOpenStackClientFactory();
    const collector = new OpenStackUsageCollector(factory);
    const outDir = resolve(opts.outDir);
    const sequence = new Map<string, number>();
    let failures = 0;
    try {
      for (const site of sites) {
        const progress = new ProgressReporter({
          label: `dry run ${site.name} ${window.from.toISOString()} → ${window.to.toISOString()}`,
        });
        progress.start();
        const collection = await collector.collectSite(site, window, {
          projects: opts.project ? [opts.project] : undefined,
          onProgress: (p) => progress.update(p.done, p.total),
        });
        if (collection.error) {
          progress.fail(collection.error.message);
          failures++;
          continue;
        }
        let records = 0;
        let messages = 0;
        for (const project of collection.projects) {
          if (!project.ok) {
            process.stderr.write(`project ${project.projectId}: ${project.error.message}\n`);
            failures++;
            continue;
          }
          const built = buildProjectWindow({
            data: project.data,
            window,
            site: {
              name: site.name,
              siteName: site.siteName,
              cloudComputeService: config.accounting.cloudComputeService,
            },
            vo: project.vo,
            version: packageVersion,
            accounting: config.accounting,
          });
          for (const p of built.problems)
            process.stderr.write(
              `project ${project.projectId}: ${p.objectType} ${p.id}: ${p.field}: ${p.message}\n`,
            );
          for (const m of built.messages) {
            const n = (sequence.get(m.kind) ?? 0) + 1;
            sequence.set(m.kind, n);
            mkdirSync(join(outDir, m.kind), { recursive: true });
            writeFileSync(join(outDir, m.kind, `${String(n).padStart(6, '0')}.msg`), m.body);
          }
          records += built.records.length;
          messages += built.messages.length;
        }
        progress.finish(
          `${site.name}: ${collection.projects.length} projects, ${records} records, ${messages} messages`,
        );
      }
    } finally {
      await factory.close();
    }
    process.stdout.write(
      [...sequence].map(([kind, n]) => `${join(outDir, kind)}: ${n} message(s)\n`).join('') ||
        'no messages\n',
    );
    if (failures) process.exitCode = 3;
  } catch (err) {
    const fw = FedwatchError.from(err);
    process.stderr.write(`fedwatch: ${fw.message} [${fw.code}]\n`);
    process.exitCode = EXIT_FAILURE;
  }
}
