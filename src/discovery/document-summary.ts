import type { DiscoveryWarning } from './collect/glue-input.collector.js';
import type { DiscoveryCounts, DiscoveryProblem } from './discovery.types.js';
import type { GlueDocument, GlueProblem } from './glue/index.js';

export function countsOf(document: GlueDocument): DiscoveryCounts {
  return {
    shares: document.Share.length,
    instanceTypes: document.CloudComputingInstanceType.length,
    images: document.CloudComputingImage.length,
    accelerators: document.CloudComputingVirtualAccelerator?.length ?? 0,
  };
}

/** Collector warnings of one endpoint, then builder problems, in one shape for status and logs. */
export function problemsOf(
  warnings: readonly DiscoveryWarning[],
  built: readonly GlueProblem[],
): DiscoveryProblem[] {
  return [
    ...warnings.map((w): DiscoveryProblem => ({
      source: 'collector',
      subject: w.subject,
      message: w.message,
    })),
    // The builder's messages already say whether the object was left out or trimmed.
    ...built.map((p): DiscoveryProblem => ({
      source: 'builder',
      subject: `${p.objectType} ${p.id}: ${p.field}`,
      message: p.message,
    })),
  ];
}

const keyOf = (p: DiscoveryProblem): string => `${p.source}\n${p.subject}\n${p.message}`;

/** Same problems regardless of order: then they were logged already and are not logged again. */
export function sameProblems(a: readonly DiscoveryProblem[], b: readonly DiscoveryProblem[]): boolean {
  const left = a.map(keyOf).sort();
  const right = b.map(keyOf).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}
