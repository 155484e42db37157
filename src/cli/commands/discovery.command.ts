import type { Command } from 'commander';
import type { EndpointStatus } from '../../discovery/discovery-read.service.js';
import { render } from '../output/render.js';
import { EXIT_FAILURE } from './local-context.js';
import { remote } from './remote-context.js';
import { runRenderDryRun, type RenderOptions } from './discovery-render.command.js';

type Json<T> = { [K in keyof T]: T[K] extends Date | null ? string | null : T[K] };
type GlueObject = { ID?: string; Name?: string };

/** One row per GLUE object, class by class, as the document lists them. */
function objectRows(document: Record<string, GlueObject[]>): { cls: string; id: string; name: string }[] {
  return Object.entries(document).flatMap(([cls, objects]) =>
    (Array.isArray(objects) ? objects : []).map((o) => ({ cls, id: o.ID ?? '', name: o.Name ?? '' })),
  );
}

const endpointQuery = (endpoint?: string) => (endpoint ? `?endpoint=${encodeURIComponent(endpoint)}` : '');

export function registerDiscovery(program: Command): void {
  const discovery = program
    .command('discovery')
    .description('GLUE 2.1 service discovery documents (cloud-info)');

  discovery
    .command('show')
    .description(
      "the service's latest GLUE 2.1 document: its objects, or with -o json|yaml the document itself",
    )
    .option(
      '--endpoint <name>',
      'OpenStack endpoint (openstack.sites[].name); needed when several are configured',
    )
    .action(
      remote(async ({ client, output, quiet }, opts: { endpoint?: string }) => {
        const document = await client.get<Record<string, GlueObject[]>>(
          `/api/v1/discovery/glue21${endpointQuery(opts.endpoint)}`,
        );
        if (output !== 'table' && !quiet) {
          process.stdout.write(render<unknown>(output, document, []));
          return;
        }
        process.stdout.write(
          render(
            output,
            objectRows(document),
            [
              { header: 'CLASS', value: (r) => r.cls },
              { header: 'ID', value: (r) => r.id },
              { header: 'NAME', value: (r) => r.name },
            ],
            { quiet, id: (r) => r.id },
          ),
        );
      }),
    );

  discovery
    .command('status')
    .description('per endpoint: when built and published, what the document holds, problems and failures')
    .action(
      remote(async ({ client, output, quiet }) => {
        const status = await client.get<{ endpoints: Json<EndpointStatus>[] }>('/api/v1/discovery');
        const rows = output === 'table' || quiet ? status.endpoints : status;
        process.stdout.write(
          render(
            output,
            rows as Json<EndpointStatus>[],
            [
              { header: 'ENDPOINT', value: (s) => s.endpoint },
              { header: 'SITE', value: (s) => s.siteName },
              { header: 'BUILT', value: (s) => s.builtAt ?? 'never' },
              { header: 'PUBLISHED', value: (s) => s.publishedBuiltAt ?? 'never' },
              { header: 'SHARES', value: (s) => String(s.counts?.shares ?? '') },
              { header: 'INSTANCE TYPES', value: (s) => String(s.counts?.instanceTypes ?? '') },
              { header: 'IMAGES', value: (s) => String(s.counts?.images ?? '') },
              { header: 'PROBLEMS', value: (s) => String(s.problems.length) },
              { header: 'LAST FAILURE', value: (s) => s.failure?.message ?? '' },
            ],
            { quiet, id: (s) => s.endpoint },
          ),
        );
      }),
    );

  discovery
    .command('render')
    .description(
      'build and validate the documents locally from the config file alone (--dry-run): no service, no ' +
        'database; prints one JSON document per line, warnings on stderr; exit 3 if one is invalid',
    )
    .option('--dry-run', 'required: run locally, publish and store nothing')
    .option('--now <iso>', 'CreationTime of the documents (default: now)')
    .option('--endpoint <name>', 'one OpenStack endpoint (openstack.sites[].name)')
    .option('-c, --config <file>', 'configuration file')
    .action(async (opts: RenderOptions) => {
      if (!opts.dryRun) {
        process.stderr.write(
          'fedwatch: render runs locally with --dry-run; the service builds on its schedule ' +
            '(`fedwatch jobs run discovery` builds now, `fedwatch discovery show` prints its document) [INVALID_ARGUMENT]\n',
        );
        process.exitCode = EXIT_FAILURE;
        return;
      }
      await runRenderDryRun(opts);
    });
}
