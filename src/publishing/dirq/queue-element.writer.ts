import { link, mkdir, open, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { ElementPlacement } from './queue-layout.js';

/** Name collisions and directory races are retried; past this something else is wrong. */
const MAX_ATTEMPTS = 32;

export interface WrittenElement {
  path: string;
  /** Directories whose entries changed: fsync them before acknowledging the element. */
  dirtyDirs: Set<string>;
}

export const errnoOf = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;

/**
 * QueueSimple's write protocol (apel.md §9.1), used for both layouts: write the whole body to a
 * temporary file and fsync it, hard-link it to a free element name, then remove the temporary.
 * Readers never see a partial body, and unlike rename(), link() fails instead of replacing an
 * existing element, so a colliding name is retried rather than overwriting a message. Directories
 * below `root` are created on demand (`root` itself must exist: it is the operator's directory).
 */
export async function writeElement(
  root: string,
  placement: ElementPlacement,
  body: Uint8Array,
  nextName: () => string,
): Promise<WrittenElement> {
  const dirtyDirs = new Set<string>();
  const tmp = await writeTemporary(root, placement, body, nextName, dirtyDirs);
  try {
    return { path: await linkToFreeName(root, placement.dir, tmp, nextName, dirtyDirs), dirtyDirs };
  } finally {
    // Once linked the element is queued; a leftover .tmp is harmless (dirq's purge removes it).
    await unlink(tmp).catch(() => undefined);
  }
}

async function writeTemporary(
  root: string,
  placement: ElementPlacement,
  body: Uint8Array,
  nextName: () => string,
  dirtyDirs: Set<string>,
): Promise<string> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const tmp = placement.tmpPath(nextName());
    let handle;
    try {
      handle = await open(tmp, 'wx', 0o666);
    } catch (err) {
      if (errnoOf(err) === 'EEXIST') continue;
      // The directory is new, or SSM's purge removed it as empty just now.
      if (errnoOf(err) === 'ENOENT') await makeDirsBelow(root, dirname(tmp), dirtyDirs);
      else throw err;
      continue;
    }
    try {
      await handle.writeFile(body);
      // Durable before it is visible: an acknowledged message must survive a crash.
      await handle.sync();
      await handle.close();
    } catch (err) {
      await handle.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    return tmp;
  }
  throw exhausted(dirname(placement.tmpPath('x')));
}

async function linkToFreeName(
  root: string,
  dir: string,
  tmp: string,
  nextName: () => string,
  dirtyDirs: Set<string>,
): Promise<string> {
  let name = basename(tmp).replace(/\.tmp$/, '');
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const path = join(dir, name);
    try {
      await link(tmp, path);
      dirtyDirs.add(dir);
      return path;
    } catch (err) {
      if (errnoOf(err) === 'EEXIST') name = nextName();
      else if (errnoOf(err) === 'ENOENT') await makeDirsBelow(root, dir, dirtyDirs);
      else throw err;
    }
  }
  throw exhausted(dir);
}

/** fsync each directory; returns those that failed with their error. */
export async function syncDirectories(dirs: Set<string>): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  for (const dir of dirs) {
    try {
      const handle = await open(dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      failed.set(dir, err);
    }
  }
  return failed;
}

/** mkdir each missing level below `root` (never `root` itself), noting parents to fsync. */
async function makeDirsBelow(root: string, dir: string, dirtyDirs: Set<string>): Promise<void> {
  let current = root;
  for (const part of relative(root, dir).split(sep).filter(Boolean)) {
    const next = join(current, part);
    try {
      await mkdir(next);
      dirtyDirs.add(current);
    } catch (err) {
      if (errnoOf(err) !== 'EEXIST') throw err;
    }
    current = next;
  }
}

function exhausted(dir: string): Error {
  return Object.assign(new Error(`EEXIST: no free element name in '${dir}' after ${MAX_ATTEMPTS} attempts`), {
    code: 'EEXIST',
  });
}
