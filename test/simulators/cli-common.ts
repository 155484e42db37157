/** Command-line pieces every simulator's `cli-args.ts` shares. */

/** `--fail PATTERN:STATUS:N` or `PATTERN:STATUS:P%`. */
export interface FailSpec {
  pattern: string;
  status: number;
  times?: number;
  rate?: number;
}

/** A numeric flag; undefined when absent, an error naming the flag when not a number. */
export function numberFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || text.trim() === '') throw new Error(`--${name}: not a number: ${text}`);
  return n;
}

/** `--seed`: digits are a number (the seeds tests use), anything else a text seed. */
export function seedFlag(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) ? Number(text) : text;
}

export function parseFail(spec: string): FailSpec {
  const parts = spec.split(':');
  const count = parts.pop();
  const status = Number(parts.pop());
  const pattern = parts.join(':');
  if (!pattern || !Number.isInteger(status) || status < 400 || !count) {
    throw new Error(`--fail: expected PATTERN:STATUS:N or PATTERN:STATUS:P%, got ${spec}`);
  }
  if (count.endsWith('%')) return { pattern, status, rate: Number(count.slice(0, -1)) / 100 };
  return { pattern, status, times: Number(count) };
}
