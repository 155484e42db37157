import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type FileRead = { ok: true; value: string } | { ok: false; error: string };

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

/** Why a read failed, without echoing anything the file might contain. */
export function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code ? (REASONS[code] ?? code) : 'unreadable';
}

/**
 * Secret files are usually written by `echo` or a secret store that appends one newline; more
 * than one, or other whitespace, is kept because it may be part of the secret.
 */
export function readSecretText(absPath: string): FileRead {
  try {
    return { ok: true, value: readFileSync(absPath, 'utf8').replace(/\r?\n$/, '') };
  } catch (err) {
    return { ok: false, error: `cannot read ${absPath}: ${describeReadError(err)}` };
  }
}

/** Reads `*File` secrets relative to `baseDir`; cached because validation and output both ask. */
export interface SecretFiles {
  read(path: string): FileRead;
}

export function secretFileReader(baseDir: string): SecretFiles {
  const cache = new Map<string, FileRead>();
  return {
    read(path) {
      const abs = resolve(baseDir, path);
      let result = cache.get(abs);
      if (!result) {
        result = readSecretText(abs);
        cache.set(abs, result);
      }
      return result;
    },
  };
}
