/**
 * The SSM sender's directory queue through the built service, beside a signing AMQP destination:
 * each APEL message of a kind the queue takes appears once as a dirq element under
 * `<path>/<kind>/`, with the unsigned body, and the real python-dirq QueueSimple (what `ssmsend`
 * reads with) takes it out; other kinds go to AMQP only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGE_KINDS, type MessageKind } from '../../src/config/config.types.js';
import { createTestPki } from '../support/pki.js';
import { eventually, PublishingBed, type OutboxRow } from '../support/publishing-bed.js';
import { tempDir } from '../support/temp-dir.js';

const DIRQ_KINDS: MessageKind[] = ['accounting.cloud', 'accounting.storage'];

/** Debian's python3-dirq lands in /usr/bin/python3's path; .ci/run installs it. Fails loudly without. */
const python =
  ['/usr/bin/python3', 'python3'].find(
    (py) => spawnSync(py, ['-c', 'import dirq.QueueSimple'], { stdio: 'ignore' }).status === 0,
  ) ?? '/usr/bin/python3';

// SSM's loop over its outgoing queue: lock, read, remove; then purge the empty directories.
const DRAIN_WITH_QUEUE_SIMPLE = `
import base64, json, sys
from dirq.QueueSimple import QueueSimple
q = QueueSimple(sys.argv[1])
count = q.count()
out = []
for name in q:
    if not q.lock(name):
        continue
    out.append({"name": name, "body": base64.b64encode(q.get(name)).decode("ascii")})
    q.remove(name)
q.purge()
print(json.dumps({"count": count, "left": q.count(), "elements": out}))
`;

interface Drained {
  count: number;
  left: number;
  elements: { name: string; body: string }[];
}

/** Every file under `dir`, relative, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('publishing to the SSM directory queue', () => {
  let bed: PublishingBed;
  let spool: string;
  let rows: OutboxRow[];

  beforeAll(async () => {
    const pki = createTestPki();
    spool = tempDir('fedwatch-e2e-spool-');
    bed = await PublishingBed.open('dirq');
    await bed.start({
      FEDWATCH_FEDERATION__DIRECTORY_QUEUE__PATH: spool,
      FEDWATCH_FEDERATION__SIGNING__CERTIFICATE: pki.hostCert,
      FEDWATCH_FEDERATION__SIGNING__KEY: pki.hostKey,
    });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('writes one element per APEL message of the queue’s kinds, and publishes all kinds to AMQP', async () => {
    await bed.enqueue(
      [
        ...bed.messages(4, 'accounting.cloud'),
        ...bed.messages(2, 'accounting.storage'),
        ...bed.messages(1, 'accounting.ip'),
        ...bed.messages(1, 'discovery.glue21'),
      ],
      [
        { name: 'amqp', kinds: MESSAGE_KINDS },
        { name: 'dirq', kinds: DIRQ_KINDS },
      ],
    );
    await eventually(
      async () => ({ dirq: await bed.states('dirq'), amqp: await bed.states('amqp') }),
      (s) => s.dirq.published === 6 && s.amqp.published === 8,
    );
    rows = await bed.outbox('dirq');
    expect(rows.filter((r) => r.state === 'published').map((r) => r.kind)).toEqual([
      ...Array<string>(4).fill('accounting.cloud'),
      ...Array<string>(2).fill('accounting.storage'),
    ]);
    expect(rows.filter((r) => r.state === null).map((r) => r.kind)).toEqual([
      'accounting.ip',
      'discovery.glue21',
    ]);

    // Only the per-kind directories, each holding 8-hex buckets of 14-hex elements, no temporaries.
    expect(readdirSync(spool).sort()).toEqual(DIRQ_KINDS);
    for (const kind of DIRQ_KINDS) {
      const elements = files(join(spool, kind));
      expect(elements).toHaveLength(rows.filter((r) => r.kind === kind).length);
      for (const e of elements) expect(e).toMatch(/^[0-9a-f]{8}\/[0-9a-f]{14}$/);
    }
    // AMQP got every kind, signed; the consumer is checked in depth by the other specs.
    const received = await bed.consumer.waitFor(8, 10_000, 200);
    expect(received).toHaveLength(8);
    expect(received.every((m) => m.content.toString().startsWith('MIME-Version: 1.0\n'))).toBe(true);
  });

  it('holds the unsigned bodies, which QueueSimple reads back once each, in order', () => {
    for (const kind of DIRQ_KINDS) {
      const expected = rows.filter((r) => r.kind === kind);
      // Byte for byte on disk first (the reader below removes the elements).
      const onDisk = files(join(spool, kind)).map((f) => readFileSync(join(spool, kind, f), 'utf8'));
      expect(onDisk).toEqual(expected.map((r) => r.body));

      const run = spawnSync(python, ['-c', DRAIN_WITH_QUEUE_SIMPLE, join(spool, kind)], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const drained = JSON.parse(run.stdout) as Drained;
      expect({ count: drained.count, left: drained.left }).toEqual({ count: expected.length, left: 0 });
      const bodies = drained.elements.map((e) => Buffer.from(e.body, 'base64').toString('utf8'));
      expect(bodies).toEqual(expected.map((r) => r.body));
      expect(bodies.some((b) => b.includes('MIME-Version'))).toBe(false);
      expect(files(join(spool, kind))).toEqual([]);
    }
  });
});
