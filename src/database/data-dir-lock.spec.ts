import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { DataDirLock } from './data-dir-lock.js';

let dir: string;
let lockFile: string;
const held: DataDirLock[] = [];

function acquire(dataDir = dir, command = 'serve'): DataDirLock {
  const lock = DataDirLock.acquire(dataDir, command);
  held.push(lock);
  return lock;
}

function refusal(fn: () => unknown): FedwatchError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FedwatchError);
    return err as FedwatchError;
  }
  throw new Error('expected the lock to be refused');
}

function owner(): { pid: number; host: string; startedAt: string; command: string } {
  return JSON.parse(readFileSync(lockFile, 'utf8')) as ReturnType<typeof owner>;
}

function writeForeignLock(ageMs: number, host = 'some-other-host.example'): void {
  writeFileSync(
    lockFile,
    JSON.stringify({ pid: 4242, host, startedAt: new Date().toISOString(), command: 'serve' }) + '\n',
  );
  const when = new Date(Date.now() - ageMs);
  utimesSync(lockFile, when, when);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedwatch-lock-'));
  lockFile = join(dir, 'fedwatch.lock');
});

afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  rmSync(dir, { recursive: true, force: true });
});

describe('DataDirLock', () => {
  it('creates the lock file with this pid, host and command', () => {
    const lock = acquire(dir, 'db migrate');
    expect(lock.file).toBe(lockFile);
    expect(existsSync(lockFile)).toBe(true);
    const current = owner();
    expect(current.pid).toBe(process.pid);
    expect(current.host).toBe(hostname());
    expect(current.command).toBe('db migrate');
    expect(Number.isNaN(Date.parse(current.startedAt))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(lockFile).mode & 0o777).toBe(0o600);
  });

  it('creates a missing data directory', () => {
    const nested = join(dir, 'a', 'b');
    const lock = acquire(nested);
    expect(lock.file).toBe(join(nested, 'fedwatch.lock'));
    expect(existsSync(lock.file)).toBe(true);
  });

  it('refuses a second acquire in the same process with DATA_DIR_LOCKED', () => {
    acquire();
    const err = refusal(() => acquire(dir, 'db migrate'));
    expect(err.code).toBe(ErrorCode.DATA_DIR_LOCKED);
    expect(err.message).toContain(String(process.pid));
    expect(err.details).toMatchObject({ dataDir: dir, pid: process.pid });
    // The refused attempt must leave the holder's file alone.
    expect(owner().command).toBe('serve');
  });

  it('removes the file on release, after which a new acquire works', () => {
    const first = acquire();
    first.release();
    expect(existsSync(lockFile)).toBe(false);
    first.release(); // idempotent
    const second = acquire(dir, 'second');
    expect(owner().command).toBe('second');
    first.release(); // a stale handle must not remove the new holder's file
    expect(existsSync(lockFile)).toBe(true);
    second.release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it("does not remove another process's lock file on release", () => {
    const lock = acquire();
    writeForeignLock(0);
    lock.release();
    expect(existsSync(lockFile)).toBe(true);
    expect(owner().pid).toBe(4242);
  });

  it('refuses a lock from another host whose heartbeat is fresh', () => {
    writeForeignLock(1_000);
    const err = refusal(() => acquire());
    expect(err.code).toBe(ErrorCode.DATA_DIR_LOCKED);
    expect(err.message).toContain('some-other-host.example');
    expect(err.details).toMatchObject({ pid: 4242 });
    expect(owner().host).toBe('some-other-host.example');
  });

  it('takes over a lock from another host whose mtime is older than 30 s', () => {
    writeForeignLock(31_000);
    acquire();
    expect(owner()).toMatchObject({ pid: process.pid, host: hostname() });
  });

  it.each([
    ['text that is not JSON', 'garbage\u0000\u00ff not json'],
    ['an empty file (crash before the write)', ''],
    ['truncated JSON', '{"pid": 12'],
    ['JSON null', 'null'],
    ['a JSON number', '42'],
    ['a JSON object without owner fields', '{"hello":"world"}'],
  ])('treats %s as stale even with a fresh mtime', (_label, content) => {
    writeFileSync(lockFile, content);
    acquire();
    expect(owner().pid).toBe(process.pid);
  });

  it('takes over a lock left by this pid that this process does not hold (restarted container)', () => {
    writeFileSync(
      lockFile,
      JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2020-01-01T00:00:00Z', command: 'x' }),
    );
    acquire(dir, 'after restart');
    expect(owner().command).toBe('after restart');
  });

  it('refuses a lock held by another live process on this host', () => {
    writeFileSync(
      lockFile,
      JSON.stringify({
        pid: process.ppid,
        host: hostname(),
        startedAt: new Date().toISOString(),
        command: 'x',
      }),
    );
    const err = refusal(() => acquire());
    expect(err.code).toBe(ErrorCode.DATA_DIR_LOCKED);
    expect(err.details).toMatchObject({ pid: process.ppid });
  });

  it('takes over a lock of a process on this host that has exited', () => {
    const exited = spawnSync(process.execPath, ['-e', '']);
    expect(exited.pid).toBeGreaterThan(0);
    writeFileSync(
      lockFile,
      JSON.stringify({
        pid: exited.pid,
        host: hostname(),
        startedAt: new Date().toISOString(),
        command: 'x',
      }),
    );
    acquire();
    expect(owner().pid).toBe(process.pid);
  });
});
