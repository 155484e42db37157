import { ErrorCode, type FedwatchError } from '../../common/errors/index.js';
import type { SourceFailure } from '../cluster.model.js';

/**
 * A source that answered with a refusal (wrong token, no rights) or nonsense is `unavailable`; one
 * that did not answer at all is `unknown`, as nothing is known of its clusters' state.
 */
export function failureOf(
  source: string,
  sourceKind: SourceFailure['sourceKind'],
  err: FedwatchError,
): SourceFailure {
  const answered = err.code === ErrorCode.SOURCE_REJECTED || err.code === ErrorCode.SOURCE_MALFORMED;
  return {
    source,
    sourceKind,
    observedAt: new Date(),
    state: answered ? 'unavailable' : 'unknown',
    reason: err.message,
  };
}
