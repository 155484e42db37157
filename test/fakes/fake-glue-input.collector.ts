import {
  type DiscoveryWarning,
  type GlueCollection,
  GlueInputCollector,
} from '../../src/discovery/collect/glue-input.collector.js';
import type { GlueBuildInput } from '../../src/discovery/glue/glue-input.types.js';

/**
 * An in-memory GlueInputCollector. Tests set `inputs` (one per endpoint, in configuration order) and
 * `warnings`, change them between runs, or set `failure` to make `collect` throw as a broken
 * adapter might. Each call stamps the inputs with its `now`, as the real collector does, and hands
 * out copies, so a test changing its inputs never changes what an earlier run saw.
 */
export class FakeGlueInputCollector extends GlueInputCollector {
  inputs: GlueBuildInput[] = [];
  warnings: DiscoveryWarning[] = [];
  failure: Error | null = null;
  /** The `now` of every call, in order. */
  readonly calls: Date[] = [];

  constructor(inputs: GlueBuildInput[] = [], warnings: DiscoveryWarning[] = []) {
    super();
    this.inputs = inputs;
    this.warnings = warnings;
  }

  async collect(now: Date): Promise<GlueCollection> {
    this.calls.push(now);
    if (this.failure) throw this.failure;
    return {
      inputs: this.inputs.map((input) => ({ ...structuredClone(input), now })),
      warnings: structuredClone(this.warnings),
    };
  }
}
