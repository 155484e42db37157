import { z } from 'zod';
import type { SecretFiles } from './config.files.js';
import { isRecord } from './config.paths.js';

/**
 * Object-level refinements run even when a sibling field already failed (zod skips them by
 * default), so one load reports every problem. They therefore receive possibly invalid input.
 */
export const onObject = { when: (payload: { value: unknown }) => isRecord(payload.value) };
export const onArray = { when: (payload: { value: unknown }) => Array.isArray(payload.value) };

export type Ctx = z.RefinementCtx;

/** A section or list written as an empty YAML key (`logging:`) means "use the defaults". */
function nullToUndefined(value: unknown): unknown {
  return value === null ? undefined : value;
}

export function section<T extends z.ZodObject>(schema: T) {
  return z.preprocess(nullToUndefined, schema.prefault({} as z.input<T>));
}

export function list<T extends z.ZodType>(item: T) {
  return z.preprocess(nullToUndefined, z.array(item).default([]));
}

export const text = z.string().min(1, 'must not be empty');

/** Optional values: absent, YAML null and the empty string (handy from the environment) all mean null. */
export function nullable<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? null : v), schema.nullable()).default(null);
}

// Environment values arrive as strings; YAML ones are already typed.
function fromNumericString(value: unknown): unknown {
  return typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

export function int(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(
    fromNumericString,
    z
      .number({ error: 'expected a whole number' })
      .int('expected a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );
}

/** `allowAny`: 0 asks the OS for a free port, which tests rely on. */
export function port(allowAny: boolean) {
  const min = allowAny ? 0 : 1;
  return z.preprocess(
    fromNumericString,
    z
      .number({ error: 'expected a port number' })
      .int('expected a port number')
      .min(min, `expected a port between ${min} and 65535`)
      .max(65535, `expected a port between ${min} and 65535`),
  );
}

// z.coerce.boolean() would turn the string "false" into true.
const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
};
export const bool = z.preprocess(
  (v) => (typeof v === 'string' && v.trim().toLowerCase() in BOOLEANS ? BOOLEANS[v.trim().toLowerCase()] : v),
  z.boolean({ error: 'expected true or false' }),
);

/** A URL with one of `protocols` (e.g. `['http:', 'https:']`) and a host; never echoes the URL. */
export function url(protocols: readonly string[], what: string) {
  const schemes = protocols.map((p) => `${p}//`).join(' or ');
  return z.string().refine(
    (value) => {
      try {
        const parsed = new URL(value);
        return protocols.includes(parsed.protocol) && parsed.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: `expected ${what} URL (${schemes}…)` },
  );
}

export function enumOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of: ${values.join(', ')}` });
}

/** Names identify entries in ids and logs, so they must be unique within their list. */
export function uniqueNames(items: unknown, ctx: Ctx): void {
  const seen = new Map<string, number>();
  (items as unknown[]).forEach((item, index) => {
    const name = isRecord(item) ? item.name : undefined;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else
      ctx.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `duplicate name (also used by [${first}])`,
      });
  });
}

type SecretKey = 'token' | 'secret' | 'password';

export const optionalSecret = z.string().min(1, 'must not be empty').optional();

/**
 * `x` or `xFile`, exactly one. Reading the file here (not in the transform) reports an
 * unreadable file even when the entry has other problems too. `check` returns a problem with the
 * resolved value, if any; it must not quote the value.
 */
export function secretPair(key: SecretKey, files: SecretFiles, check?: (value: string) => string | null) {
  const fileKey = `${key}File`;
  return (value: unknown, ctx: Ctx): void => {
    const entry = value as Record<string, unknown>;
    const inline = entry[key];
    const file = entry[fileKey];
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (inline !== undefined && file !== undefined) problem(key, `set either ${key} or ${fileKey}, not both`);
    else if (inline === undefined && file === undefined) problem(key, `required: set ${key} or ${fileKey}`);
    else if (typeof file === 'string' && file !== '') {
      const read = files.read(file);
      const message = !read.ok ? read.error : read.value === '' ? 'file is empty' : check?.(read.value);
      if (message) problem(fileKey, message);
    } else if (typeof inline === 'string' && inline !== '') {
      const message = check?.(inline);
      if (message) problem(key, message);
    }
  };
}

/** The resolved secret; only called once validation passed, so the read succeeded. */
export function resolveSecret(
  inline: string | undefined,
  file: string | undefined,
  files: SecretFiles,
): string {
  if (inline !== undefined) return inline;
  const read = file === undefined ? undefined : files.read(file);
  return read?.ok ? read.value : '';
}
