import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { documentFileName } from './endpoint-names.js';

/** Port: where the latest document of an endpoint is also kept as a file (for object storage). */
export abstract class DocumentOutput {
  /** Replaces the endpoint's file with `body`; returns its path. Throws on IO failure. */
  abstract write(endpoint: string, body: string): Promise<string>;
}

/**
 * `<dataDir>/<discovery.outputDir>/<endpoint>.json`, replaced atomically: written to a temporary
 * file beside it, flushed to disk, then renamed over it (and the directory flushed), so an upload
 * job or a crash never sees half a document.
 */
export class DataDirDocumentOutput extends DocumentOutput {
  private readonly dir: string;

  constructor(dataDir: string, outputDir: string) {
    super();
    this.dir = resolve(dataDir, outputDir);
  }

  async write(endpoint: string, body: string): Promise<string> {
    const path = join(this.dir, documentFileName(endpoint));
    // Dot-prefixed, so a sync of the directory that skips hidden files never uploads one.
    const tmp = join(this.dir, `.${documentFileName(endpoint)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(this.dir, { recursive: true });
      const file = await open(tmp, 'wx', 0o644);
      try {
        await file.writeFile(body, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, path);
      await syncDirectory(this.dir);
      return path;
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw new FedwatchError(
        ErrorCode.INTERNAL,
        `cannot write the discovery document ${path}: ${(err as Error).message}`,
        { path },
        { cause: err },
      );
    }
  }
}

/** The rename is durable only once the directory entry is on disk. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
