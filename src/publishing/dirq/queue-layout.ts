import { join } from 'node:path';
import type { DirectoryQueueConfig, MessageKind } from '../../config/config.types.js';
import { bucketName } from './element-name.js';

/** Where one element is first written and where it then appears; one filesystem, so link() works. */
export interface ElementPlacement {
  /** Directory the finished element is linked into. */
  dir: string;
  /** The temporary file for a candidate element name. */
  tmpPath(name: string): string;
}

/** Temporary files of the `directory` layout live here, beside the per-kind directories. */
export const DIRECTORY_TMP = '.fedwatch-tmp';

/** The per-kind directory: what SSM's `path` must point at (one ssmsend configuration per kind). */
export const kindDirectory = (root: string, kind: MessageKind): string => join(root, kind);

export function placementFor(
  layout: DirectoryQueueConfig['layout'],
  root: string,
  kind: MessageKind,
  now: Date,
): ElementPlacement {
  const kindDir = kindDirectory(root, kind);
  if (layout === 'dirq') {
    // QueueSimple writes `<NAME>.tmp` next to the element; readers skip it (not 14 hex digits).
    const dir = join(kindDir, bucketName(now));
    return { dir, tmpPath: (name) => join(dir, `${name}.tmp`) };
  }
  // SSM's MessageDirectory sends every entry it lists, dot-files included (and `path` "cannot
  // contain subdirectories"), so a temporary inside it could be sent half-written. Keep them
  // beside it; one left by a crash stays there, unseen by SSM.
  return { dir: kindDir, tmpPath: (name) => join(root, DIRECTORY_TMP, `${name}.tmp`) };
}
