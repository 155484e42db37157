import { Inject, Injectable, Logger } from '@nestjs/common';
import { FedwatchError } from '../common/errors/index.js';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig } from '../config/config.types.js';
import { type DiscoveryWarning, GlueInputCollector } from './collect/glue-input.collector.js';
import { problemsOf, sameProblems } from './document-summary.js';
import { DocumentOutput } from './document-output.js';
import { DiscoveryMetrics } from './discovery.metrics.js';
import { DiscoveryStore, type EndpointIdentity } from './discovery-store.port.js';
import type { DiscoveryFailure, DiscoveryProblem, EndpointOutcome } from './discovery.types.js';
import { endpointNames } from './endpoint-names.js';
import {
  buildGlueDocument,
  type GlueBuildInput,
  type GlueDocument,
  validateGlueDocument,
} from './glue/index.js';
import { saveDocument } from './save-document.js';

export type DiscoveryConfigSlice = Pick<AppConfig, 'openstack' | 'discovery'>;

/** How one run went: per endpoint, or the collection's failure before any endpoint. */
export interface DiscoveryRunResult {
  endpoints: EndpointOutcome[];
  /** The collector threw: nothing was built. */
  error?: string;
}

type Built = { document: GlueDocument; problems: DiscoveryProblem[] };

/**
 * One discovery run: collect every endpoint's inputs, then per endpoint build, validate, store the
 * latest document and (when it changed, or half the published one's validity has passed) queue it
 * in the outbox in the same transaction, and write it to the data directory. An invalid document is
 * an error naming the JSON paths; it is neither stored as the latest nor published. Problems are
 * logged when they differ from the last attempt's, and kept with the document.
 */
@Injectable()
export class DiscoveryRunService {
  private readonly logger = new Logger('Discovery');

  constructor(
    @Inject(APP_CONFIG) private readonly config: DiscoveryConfigSlice,
    @Inject(GlueInputCollector) private readonly collector: GlueInputCollector,
    @Inject(DiscoveryStore) private readonly store: DiscoveryStore,
    @Inject(DocumentOutput) private readonly output: DocumentOutput,
    @Inject(DiscoveryMetrics) private readonly metrics: DiscoveryMetrics,
  ) {}

  async run(now: Date, signal?: AbortSignal): Promise<DiscoveryRunResult> {
    let collection;
    try {
      collection = await this.collector.collect(now);
    } catch (err) {
      const error = FedwatchError.from(err).message;
      this.metrics.failed('collect');
      this.logger.error({ msg: 'discovery inputs could not be collected', err: error });
      return { endpoints: [], error };
    }
    const names = endpointNames(collection.inputs, this.config.openstack.sites);
    const endpoints: EndpointOutcome[] = [];
    for (const [i, input] of collection.inputs.entries()) {
      if (signal?.aborted) break;
      const warnings = collection.warnings.filter((w) => w.site === names[i]);
      endpoints.push(await this.runEndpoint(names[i], input, warnings, now));
    }
    return { endpoints };
  }

  private async runEndpoint(
    endpoint: string,
    input: GlueBuildInput,
    warnings: DiscoveryWarning[],
    now: Date,
  ): Promise<EndpointOutcome> {
    const identity = { endpoint, siteName: input.site.name, endpointUrl: input.endpoint.url };
    let built: Built;
    try {
      const result = buildGlueDocument(input);
      built = { document: result.document, problems: problemsOf(warnings, result.problems) };
    } catch (err) {
      const message = `the document could not be built: ${(err as Error).message}`;
      return this.fail(identity, { at: now, reason: 'build', message, errors: [] }, problemsOf(warnings, []));
    }
    const validation = validateGlueDocument(built.document);
    if (!validation.valid) {
      const [first] = validation.errors;
      const more = validation.errors.length > 1 ? ` (and ${validation.errors.length - 1} more)` : '';
      const message = `the document does not validate against the GLUE 2.1 schema: ${first.path} ${first.message}${more}; not published`;
      return this.fail(
        identity,
        { at: now, reason: 'invalid', message, errors: validation.errors },
        built.problems,
      );
    }
    const body = JSON.stringify(built.document);
    let outcome: EndpointOutcome;
    try {
      outcome = await this.save(identity, built, body, now);
    } catch (err) {
      const message = `the document could not be stored: ${FedwatchError.from(err).message}`;
      return this.fail(identity, { at: now, reason: 'store', message, errors: [] }, built.problems);
    }
    try {
      await this.output.write(endpoint, body);
    } catch (err) {
      const message = FedwatchError.from(err).message;
      return this.fail(identity, { at: now, reason: 'output', message, errors: [] }, built.problems);
    }
    return outcome;
  }

  /** The latest document, and the outbox message when it is published, in one transaction. */
  private async save(
    identity: EndpointIdentity,
    built: Built,
    body: string,
    now: Date,
  ): Promise<EndpointOutcome> {
    const { endpoint } = identity;
    const { decision, previousProblems } = await this.store.transaction(endpoint, (tx) =>
      saveDocument(tx, {
        identity,
        document: built.document,
        body,
        problems: built.problems,
        builtAt: now,
        defaultValiditySeconds: this.config.discovery.validitySeconds,
      }),
    );
    this.metrics.built.inc();
    this.logProblems(endpoint, previousProblems, built.problems);
    if (!decision.publish) return { endpoint, status: 'unchanged' };
    this.metrics.published.inc();
    this.logger.log({ msg: 'GLUE document queued for publishing', endpoint, why: decision.why });
    return { endpoint, status: 'published', why: decision.why };
  }

  private async fail(
    identity: EndpointIdentity,
    failure: DiscoveryFailure,
    problems: DiscoveryProblem[],
  ): Promise<EndpointOutcome> {
    this.metrics.failed(failure.reason);
    const { endpoint } = identity;
    this.logger.error({ msg: failure.message, endpoint, reason: failure.reason, errors: failure.errors });
    try {
      const previous = await this.store.transaction(endpoint, async (tx) => {
        await tx.saveFailure(identity, failure, problems);
        return tx.current?.problems ?? null;
      });
      this.logProblems(endpoint, previous, problems);
    } catch (err) {
      // The database itself may be what failed; the log above has the failure already.
      this.logger.warn({ msg: 'the failure could not be recorded', endpoint, err: (err as Error).message });
    }
    return { endpoint, status: 'failed', failure: failure.reason, error: failure.message };
  }

  /** Once per change: the same problems every 30 minutes would drown the log. */
  private logProblems(
    endpoint: string,
    previous: DiscoveryProblem[] | null,
    problems: DiscoveryProblem[],
  ): void {
    if (sameProblems(previous ?? [], problems)) return;
    if (problems.length === 0) this.logger.log({ msg: 'discovery problems resolved', endpoint });
    else this.logger.warn({ msg: `${problems.length} discovery problem(s)`, endpoint, problems });
  }
}
