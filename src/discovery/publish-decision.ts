import { glueContentEqual, type GlueDocument } from './glue/index.js';

export type PublishReason = 'first' | 'changed' | 'half-validity';

export type PublishDecision = { publish: true; why: PublishReason } | { publish: false };

export interface PublishDecisionInput {
  built: GlueDocument;
  builtAt: Date;
  /** The last document queued for publishing and when it was built; null before the first. */
  published: { document: GlueDocument; builtAt: Date } | null;
  /** Validity to assume when the published document states none. */
  defaultValiditySeconds: number;
}

/** `Validity` of the published service object, the one cloud-info-api checks (glue-cloud-info.md §5). */
function validityOf(document: GlueDocument, fallback: number): number {
  const validity = document.CloudComputingService?.[0]?.Validity;
  return typeof validity === 'number' && validity > 0 ? validity : fallback;
}

/**
 * Whether a freshly built document is published: the first one; one that says something else than
 * the last published one (timestamps aside, `glueContentEqual`); or an unchanged one once half the
 * last published one's validity has passed since it was built, so consumers that drop documents past
 * `CreationTime + Validity` always hold one with at least half its validity left. Pure.
 */
export function publishDecision(input: PublishDecisionInput): PublishDecision {
  const { built, builtAt, published } = input;
  if (!published) return { publish: true, why: 'first' };
  if (!glueContentEqual(built, published.document)) return { publish: true, why: 'changed' };
  const halfMs = (validityOf(published.document, input.defaultValiditySeconds) * 1000) / 2;
  if (builtAt.getTime() - published.builtAt.getTime() >= halfMs)
    return { publish: true, why: 'half-validity' };
  return { publish: false };
}
