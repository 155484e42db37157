import type { z } from 'zod';
import { maskValue } from './config.mask.js';
import { formatPath, getAt, type SourceMap } from './config.paths.js';
import type { ConfigProblem } from './config.types.js';

type Issue = z.core.$ZodIssue;

const EXPECTED: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** Environment values that look like JSON but do not parse arrive here as strings. */
function notJson(value: unknown): string {
  return typeof value === 'string' && /^\s*[[{]/.test(value)
    ? ' (starts with [ or { but is not valid JSON)'
    : '';
}

interface Located {
  path: PropertyKey[];
  message: string;
  /** Set for unknown keys, often misspelt secrets (`pasword:`), whose values are never shown. */
  hideValue?: boolean;
}

/** A union branch is "the one meant" when its input at least had the branch's type. */
function branchesOfMatchingType(branches: readonly (readonly Issue[])[]): (readonly Issue[])[] {
  return branches.filter((issues) => !issues.some((i) => i.code === 'invalid_type' && i.path.length === 0));
}

function locate(issue: Issue, prefix: PropertyKey[], raw: unknown): Located[] {
  const path = [...prefix, ...issue.path];
  const value = getAt(raw, path);
  // zod's own messages start with "Invalid input"; ours are already phrased for people.
  const isDefault = issue.message.startsWith('Invalid input') || issue.message.startsWith('Invalid option');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown key', hideValue: true }));
    case 'invalid_union': {
      if ('note' in issue && issue.note === 'No matching discriminator') {
        const options = (issue as { options?: unknown[] }).options?.join(', ') ?? '';
        return [
          {
            path,
            message: value === undefined ? `required: one of ${options}` : `expected one of: ${options}`,
          },
        ];
      }
      const errors = (issue as { errors?: Issue[][] }).errors ?? [];
      const meant = branchesOfMatchingType(errors);
      if (meant.length === 1) return meant[0]!.flatMap((inner) => locate(inner, path, raw));
      return [{ path, message: value === undefined ? 'required' : issue.message }];
    }
    case 'invalid_type':
      if (value === undefined) return [{ path, message: 'required' }];
      if (!isDefault) return [{ path, message: issue.message }];
      return [
        {
          path,
          message: `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${kindOf(value)}${notJson(value)}`,
          // A scalar where an entry belongs may be a bare secret (`tokens: ["s3cret"]`), and broken
          // JSON may be a list of them: key-based masking cannot see either, so neither is shown.
          hideValue: issue.expected === 'object' || issue.expected === 'array' || notJson(value) !== '',
        },
      ];
    default:
      return [{ path, message: value === undefined && isDefault ? 'required' : issue.message }];
  }
}

/** Turns zod issues into problems with the raw value (masked) and where it came from. */
export function issuesToProblems(
  issues: readonly Issue[],
  raw: unknown,
  sources: SourceMap,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const located of issues.flatMap((issue) => locate(issue, [], raw))) {
    const path = formatPath(located.path);
    const key = `${path}\n${located.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const problem: ConfigProblem = { path, message: located.message };
    const value = located.hideValue ? undefined : maskValue(located.path, getAt(raw, located.path));
    if (value !== undefined) problem.value = value;
    const source = sources.lookup(located.path);
    if (source !== undefined) problem.source = source;
    problems.push(problem);
  }
  return problems;
}
