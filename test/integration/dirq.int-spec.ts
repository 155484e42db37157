/**
 * The SSM outgoing queue on a real filesystem: layout and names as python-dirq's QueueSimple
 * expects them, a reader that follows its lock protocol, and the real QueueSimple when installed
 * (Debian: python3-dirq).
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { DirectoryQueueConfig, MessageKind } from '../../src/config/config.types.js';
import { DirectoryQueueDestination } from '../../src/publishing/dirq/directory-queue.destination.js';
import { bucketName, elementName } from '../../src/publishing/dirq/element-name.js';
import type { OutgoingMessage } from '../../src/publishing/message-destination.port.js';
import { tempDir } from '../support/temp-dir.js';

const CLOUD: MessageKind = 'accounting.cloud';
const STORAGE: MessageKind = 'accounting.storage';
// The patterns SSM (python-dirq QueueBase) uses to recognise directories and elements.
const DIR_RE = /^[0-9a-f]{8}$/;
const ELEMENT_RE = /^[0-9a-f]{14}$/;

let seq = 0;
function message(kind: MessageKind, body: string): OutgoingMessage {
  seq += 1;
  return {
    messageId: `m-${seq}`,
    kind,
    body,
    contentType: 'text/plain',
    recordCount: 1,
    site: 'EXAMPLE-SITE',
    createdAt: new Date(),
  };
}

function destination(
  path: string | null,
  layout: DirectoryQueueConfig['layout'] = 'dirq',
  options: ConstructorParameters<typeof DirectoryQueueDestination>[1] = {},
): DirectoryQueueDestination {
  return new DirectoryQueueDestination({ path, kinds: [CLOUD, STORAGE], layout }, options);
}

/** Every file under `dir`, relative, recursively. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** SSM's consumer loop over QueueSimple: lock with a `.lck` hard link, read it, remove both. */
function drainLikeSsm(queue: string): Buffer[] {
  const bodies: Buffer[] = [];
  for (const dir of readdirSync(queue)
    .filter((d) => DIR_RE.test(d))
    .sort()) {
    for (const name of readdirSync(join(queue, dir))
      .filter((n) => ELEMENT_RE.test(n))
      .sort()) {
      const path = join(queue, dir, name);
      linkSync(path, `${path}.lck`);
      bodies.push(readFileSync(`${path}.lck`));
      unlinkSync(path);
      unlinkSync(`${path}.lck`);
    }
  }
  return bodies;
}

/** Mount a small tmpfs for the duration of `fn`; unmounted before the temp dir is removed. */
async function withTmpfs(options: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = tempDir('fedwatch-dirq-mnt-');
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.status !== 0) throw new Error(`mount failed: ${mount.stderr}`);
  try {
    await fn(dir);
  } finally {
    spawnSync('umount', [dir]);
  }
}

const APEL_BODY = 'APEL-cloud-message: v0.4\nSite: EXAMPLE-SITE\nVMUUID: ñandú-1\r\n%%\n';

describe('DirectoryQueueDestination, dirq layout', () => {
  it('writes one element per message under <path>/<kind>/<bucket>/ with SSM-valid names', async () => {
    const root = tempDir('fedwatch-dirq-');
    const dest = destination(root);
    const batch = [
      message(CLOUD, APEL_BODY),
      message(STORAGE, '<sr:StorageUsageRecords/>'),
      message(CLOUD, 'b'),
    ];

    const outcomes = await dest.publish(batch);

    expect(outcomes).toEqual(batch.map((m) => ({ messageId: m.messageId, ok: true })));
    expect(readdirSync(root).sort()).toEqual([CLOUD, STORAGE]);
    const files = tree(root);
    expect(files).toHaveLength(3);
    for (const file of files) {
      const [kind, dir, name, ...rest] = file.split('/');
      expect([kind, rest]).toEqual([expect.stringMatching(/^accounting\./), []]);
      expect(dir).toMatch(DIR_RE);
      expect(name).toMatch(ELEMENT_RE);
    }
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(drainLikeSsm(join(root, CLOUD))).toEqual([Buffer.from(APEL_BODY, 'utf8'), Buffer.from('b')]);
    expect(drainLikeSsm(join(root, STORAGE)).map(String)).toEqual(['<sr:StorageUsageRecords/>']);
    expect(dest.state().status).toBe('ready');
  });

  it('names the bucket after the clock, rounded down to the minute', async () => {
    const root = tempDir('fedwatch-dirq-');
    const now = new Date('2026-11-01T10:00:59.250Z');
    await destination(root, 'dirq', { clock: () => now }).publish([message(CLOUD, 'x')]);
    expect(readdirSync(join(root, CLOUD))).toEqual([bucketName(now)]);
    expect(bucketName(now)).toBe((Date.parse('2026-11-01T10:00:00Z') / 1000).toString(16));
  });

  it('retries a name that is already taken instead of overwriting the element', async () => {
    const root = tempDir('fedwatch-dirq-');
    const now = new Date('2026-11-01T10:00:00.500Z');
    const dest = destination(root, 'dirq', { clock: () => now, random: () => 0 });
    const bucket = join(root, CLOUD, bucketName(now));
    // The names this writer tries in turn: the clock's microsecond, then the following ones.
    const [first, second, third] = [0, 1, 2].map((i) => elementName(now.getTime() * 1000 + i, 0));
    mkdirSync(bucket, { recursive: true });
    writeFileSync(join(bucket, first), 'older element');
    writeFileSync(join(bucket, second), 'another older element');

    expect(await dest.publish([message(CLOUD, 'new element')])).toEqual([
      expect.objectContaining({ ok: true }),
    ]);

    expect(readFileSync(join(bucket, first), 'utf8')).toBe('older element');
    expect(readFileSync(join(bucket, second), 'utf8')).toBe('another older element');
    expect(readFileSync(join(bucket, third), 'utf8')).toBe('new element');
    expect(readdirSync(bucket).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps publish order for many messages within one millisecond', async () => {
    const root = tempDir('fedwatch-dirq-');
    const now = new Date('2026-11-01T10:00:00.500Z');
    const bodies = Array.from({ length: 50 }, (_, i) => `message ${i}`);
    await destination(root, 'dirq', { clock: () => now }).publish(bodies.map((b) => message(CLOUD, b)));
    expect(drainLikeSsm(join(root, CLOUD)).map(String)).toEqual(bodies);
  });

  it('writes the same message twice as two elements (the queue knows no message ids)', async () => {
    const root = tempDir('fedwatch-dirq-');
    const m = message(CLOUD, 'same');
    const dest = destination(root);
    await dest.publish([m]);
    await dest.publish([m]);
    expect(drainLikeSsm(join(root, CLOUD)).map(String)).toEqual(['same', 'same']);
  });

  it('answers unroutable for a kind it does not accept', async () => {
    const dest = new DirectoryQueueDestination({
      path: tempDir('fedwatch-dirq-'),
      kinds: [CLOUD],
      layout: 'dirq',
    });
    expect(dest.accepts(CLOUD)).toBe(true);
    expect(dest.accepts(STORAGE)).toBe(false);
    const [outcome] = await dest.publish([message(STORAGE, 'x')]);
    expect(outcome).toMatchObject({ ok: false, reason: 'unroutable' });
  });
});

describe('DirectoryQueueDestination, directory layout', () => {
  it('puts plain files in <path>/<kind>/ and nothing else there (SSM sends every entry)', async () => {
    const root = tempDir('fedwatch-dirq-');
    const dest = destination(root, 'directory');
    const outcomes = await dest.publish([message(CLOUD, APEL_BODY), message(CLOUD, 'second')]);
    expect(outcomes.every((o) => o.ok)).toBe(true);

    const entries = readdirSync(join(root, CLOUD), { withFileTypes: true });
    expect(entries.every((e) => e.isFile() && ELEMENT_RE.test(e.name))).toBe(true);
    const bodies = entries.map((e) => readFileSync(join(root, CLOUD, e.name)));
    expect(bodies.map(String).sort()).toEqual([APEL_BODY, 'second'].sort());
    expect(bodies.find((b) => b.equals(Buffer.from(APEL_BODY, 'utf8')))).toBeDefined();
    expect(readdirSync(join(root, '.fedwatch-tmp'))).toEqual([]);
  });
});

describe('DirectoryQueueDestination, failures', () => {
  it('gives io outcomes with the errno, not a throw, when the path is not a directory', async () => {
    const file = join(tempDir('fedwatch-dirq-'), 'not-a-dir');
    writeFileSync(file, '');
    const dest = destination(file);
    const outcomes = await dest.publish([message(CLOUD, 'a'), message(STORAGE, 'b')]);
    expect(outcomes).toEqual([
      expect.objectContaining({ ok: false, reason: 'io', error: expect.stringContaining('ENOTDIR') }),
      expect.objectContaining({ ok: false, reason: 'io', error: expect.stringContaining('ENOTDIR') }),
    ]);
    expect(dest.state()).toMatchObject({ status: 'down', error: expect.stringContaining('ENOTDIR') });
  });

  it('does not create the operator path itself, and recovers once it exists', async () => {
    const root = join(tempDir('fedwatch-dirq-'), 'ssm-outgoing');
    let now = new Date('2026-11-01T10:00:00Z');
    const dest = destination(root, 'dirq', { clock: () => now });
    expect(dest.state()).toMatchObject({ status: 'down', error: expect.stringContaining('ENOENT') });

    const [failed] = await dest.publish([message(CLOUD, 'a')]);
    expect(failed).toMatchObject({ ok: false, reason: 'io', error: expect.stringContaining('ENOENT') });
    expect(existsSync(root)).toBe(false);

    mkdirSync(root);
    now = new Date('2026-11-01T10:05:00Z');
    expect(await dest.publish([message(CLOUD, 'a')])).toEqual([expect.objectContaining({ ok: true })]);
    expect(dest.state()).toEqual({ status: 'ready', since: now });
  });

  // A real full or read-only filesystem needs mount(2): root with CAP_SYS_ADMIN, as on CI.
  it('gives ENOSPC on a full disk and leaves neither element nor temp file', async () => {
    await withTmpfs('size=64k', async (dir) => {
      const dest = destination(dir);
      const [outcome] = await dest.publish([message(CLOUD, 'x'.repeat(256 * 1024))]);
      expect(outcome).toMatchObject({ ok: false, reason: 'io', error: expect.stringContaining('ENOSPC') });
      expect(tree(dir)).toEqual([]);
      expect(dest.state()).toMatchObject({ status: 'down', error: expect.stringContaining('ENOSPC') });
      expect(await dest.publish([message(CLOUD, 'small')])).toEqual([expect.objectContaining({ ok: true })]);
      expect(dest.state().status).toBe('ready');
    });
  });

  it('is down with EROFS on a read-only filesystem (root too)', async () => {
    await withTmpfs('ro', async (dir) => {
      const dest = destination(dir);
      expect(dest.state()).toMatchObject({ status: 'down', error: expect.stringContaining('EROFS') });
      const [outcome] = await dest.publish([message(CLOUD, 'a')]);
      expect(outcome).toMatchObject({ ok: false, reason: 'io', error: expect.stringContaining('EROFS') });
    });
  });
});

/** A Python 3 that has python-dirq (Debian's python3-dirq lands in /usr/bin/python3's path). */
function pythonWithDirq(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find(
    (py) => spawnSync(py, ['-c', 'import dirq.QueueSimple'], { stdio: 'ignore' }).status === 0,
  );
}

// .ci/run installs Debian's python3-dirq; without it this fails loudly rather than skipping.
const python = pythonWithDirq() ?? '/usr/bin/python3';
const READ_WITH_QUEUE_SIMPLE = `
import json, sys
from dirq.QueueSimple import QueueSimple
q = QueueSimple(sys.argv[1])
count = q.count()
out = []
for name in q:
    if not q.lock(name):
        continue
    out.append({"name": name, "body": q.get(name).decode("utf-8")})
    q.remove(name)
q.purge()
print(json.dumps({"count": count, "elements": out}))
`;

describe('read back by the real python-dirq QueueSimple', () => {
  it('sees every element, in order, byte for byte', async () => {
    const root = tempDir('fedwatch-dirq-');
    const bodies = [APEL_BODY, 'second message\n', 'third'];
    await destination(root).publish(bodies.map((b) => message(CLOUD, b)));

    const run = spawnSync(python, ['-c', READ_WITH_QUEUE_SIMPLE, join(root, CLOUD)], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const read = JSON.parse(run.stdout) as { count: number; elements: Array<{ name: string; body: string }> };

    expect(read.count).toBe(3);
    expect(read.elements.map((e) => e.body)).toEqual(bodies);
    for (const { name } of read.elements) expect(name).toMatch(/^[0-9a-f]{8}\/[0-9a-f]{14}$/);
    expect(tree(join(root, CLOUD))).toEqual([]);
  });
});
