import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';

/** Another host's lock counts as alive while it was refreshed this recently. */
const HEARTBEAT_MS = 10_000;
const FOREIGN_STALE_MS = 3 * HEARTBEAT_MS;

/** Locks this process holds: its own pid in a lock file means stale only if it is not one of these. */
const heldHere = new Set<string>();

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/**
 * An exclusive lock on the data directory. The embedded database is a set of files that only one
 * process may open: a second one (say a local `fedwatch db migrate` while the service runs) would
 * corrupt it, so it is refused with the owner's pid instead.
 */
export class DataDirLock {
  private released = false;
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(readonly file: string) {
    // Refreshing the file's mtime lets a new pod on a shared volume tell a dead owner from a live one.
    this.heartbeat = setInterval(() => {
      try {
        const now = new Date();
        utimesSync(file, now, now);
      } catch {
        // The next acquire by another process decides; nothing to do here.
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  static acquire(dataDir: string, command: string): DataDirLock {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'fedwatch.lock');
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
      command,
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // Written whole to a private file, then linked into place: link() fails if the lock exists,
        // and no other process can ever see a half-written (empty, "stale") lock file.
        const staging = `${file}.${process.pid}.tmp`;
        const fd = openSync(staging, 'w', 0o600);
        writeSync(fd, JSON.stringify(owner) + '\n');
        closeSync(fd);
        try {
          linkSync(staging, file);
        } finally {
          rmSync(staging, { force: true });
        }
        heldHere.add(file);
        return new DataDirLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new FedwatchError(
            ErrorCode.DATA_DIR_LOCKED,
            `cannot create lock file ${file}: ${String(err)}`,
          );
        }
        const current = readOwner(file);
        if (current && isAlive(current, file)) {
          throw new FedwatchError(
            ErrorCode.DATA_DIR_LOCKED,
            `data directory ${dir} is in use by fedwatch process ${current.pid} on ${current.host} ` +
              `("${current.command}", since ${current.startedAt}); stop it first, or use the CLI ` +
              `against that running service instead`,
            { dataDir: dir, pid: current.pid },
          );
        }
        // The owner is gone (crash, kill -9, container restart): the lock is stale.
        rmSync(file, { force: true });
      }
    }
    throw new FedwatchError(ErrorCode.DATA_DIR_LOCKED, `could not lock data directory ${dir}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    heldHere.delete(this.file);
    const current = readOwner(this.file);
    if (current?.pid === process.pid) rmSync(this.file, { force: true });
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    // Valid JSON that is not an owner record (`42`, `{}`) is garbage too, not a live foreign lock.
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner> | null;
    return typeof owner?.pid === 'number' && typeof owner.host === 'string' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner, file: string): boolean {
  if (owner.host !== hostname()) {
    // Another host's pid cannot be checked; its heartbeat can.
    return Date.now() - statSync(file).mtimeMs < FOREIGN_STALE_MS;
  }
  // A lock left by this very pid is stale: in a restarted container the service is pid 1 again.
  if (owner.pid === process.pid) return heldHere.has(file);
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
