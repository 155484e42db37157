import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type { ConfigProblem } from './config.types.js';

/** `  <path>: <message> (value: <masked>, from <source>)`, one line per problem. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  const lines = problems.map((p) => {
    const extra = [p.value !== undefined ? `value: ${p.value}` : null, p.source ? `from ${p.source}` : null]
      .filter((part) => part !== null)
      .join(', ');
    return `  ${p.path === '' ? '(root)' : p.path}: ${p.message}${extra ? ` (${extra})` : ''}`;
  });
  return [`invalid configuration: ${count}`, ...lines].join('\n');
}

/**
 * Every problem found in one load, so an operator fixes them in one pass. Values are masked
 * before they get here; the message is the full report because it is what ends up on a terminal.
 */
export class ConfigInvalidError extends FedwatchError {
  readonly problems: ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const copy = problems.map((p) => ({ ...p }));
    super(ErrorCode.CONFIG_INVALID, formatProblems(copy), { problems: copy });
    this.name = 'ConfigInvalidError';
    this.problems = copy;
  }

  format(): string {
    return formatProblems(this.problems);
  }
}
