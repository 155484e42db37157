import { parseInstant } from '../../accounting/accounting.params.js';
import { FedwatchError } from '../../common/errors/index.js';
import { OpenStackGlueInputCollector } from '../../discovery/collect/openstack-glue-input.collector.js';
import { problemsOf } from '../../discovery/document-summary.js';
import { endpointNames } from '../../discovery/endpoint-names.js';
import { buildGlueDocument, validateGlueDocument } from '../../discovery/glue/index.js';
import { HttpOpenStackClientFactory } from '../../sources/openstack/openstack-client.factory.js';
import { EXIT_FAILURE, loadLocalContext } from './local-context.js';

/** A document did not validate (or could not be built): nothing to upload for that endpoint. */
export const EXIT_INVALID = 3;

export interface RenderOptions {
  dryRun?: boolean;
  now?: string;
  endpoint?: string;
  config?: string;
}

/**
 * The discovery run without the service: collects from OpenStack (and GOCDB) with the config file
 * alone, builds and validates each endpoint's document and prints it, one JSON document per line,
 * exactly as the service would store it. Warnings, problems and schema errors go to stderr. Touches
 * no database and writes no file, so it runs beside a live service.
 */
export async function runRenderDryRun(opts: RenderOptions): Promise<void> {
  const { config } = loadLocalContext(opts.config).loaded;
  try {
    const now = parseInstant(opts.now, '--now') ?? new Date();
    const sites = config.openstack.sites.filter((s) => !opts.endpoint || s.name === opts.endpoint);
    if (sites.length === 0) {
      throw new FedwatchError(
        'NOT_FOUND',
        opts.endpoint
          ? `no OpenStack endpoint named ${opts.endpoint} is configured`
          : 'no OpenStack endpoint is configured (openstack.sites)',
      );
    }
    const clients = new HttpOpenStackClientFactory();
    let failed = 0;
    try {
      const collector = new OpenStackGlueInputCollector({
        config: { ...config, openstack: { sites } },
        clients,
      });
      const { inputs, warnings } = await collector.collect(now);
      const names = endpointNames(inputs, sites);
      for (const [i, input] of inputs.entries()) {
        const name = names[i];
        const note = (level: string, text: string) => process.stderr.write(`${level}: ${name}: ${text}\n`);
        let built;
        try {
          built = buildGlueDocument(input);
        } catch (err) {
          note('error', `the document could not be built: ${(err as Error).message}`);
          failed++;
          continue;
        }
        const own = warnings.filter((w) => w.site === name);
        for (const p of problemsOf(own, built.problems)) note('warning', `${p.subject}: ${p.message}`);
        const validation = validateGlueDocument(built.document);
        if (!validation.valid) {
          for (const e of validation.errors) note('error', `${e.path}: ${e.message}`);
          note('error', 'the document does not validate against the GLUE 2.1 schema; not printed');
          failed++;
          continue;
        }
        process.stdout.write(`${JSON.stringify(built.document)}\n`);
      }
    } finally {
      await clients.close();
    }
    if (failed) process.exitCode = EXIT_INVALID;
  } catch (err) {
    const fw = FedwatchError.from(err);
    process.stderr.write(`fedwatch: ${fw.message} [${fw.code}]\n`);
    process.exitCode = EXIT_FAILURE;
  }
}
