/**
 * A crash in the middle of publishing a large backlog: the built service is killed with SIGKILL
 * (no shutdown, claims left behind) and started again on the same database. Every message still
 * arrives; the only duplicates are copies of messages the dead process had claimed, identical and
 * with the same message id, and no more of them than one batch. Once with a quick database, once
 * with one slow to record outcomes (the relay then has three batches claimed at a time).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  compareWithOutbox,
  eventually,
  getJson,
  PublishingBed,
  type Delivery,
} from '../support/publishing-bed.js';
import { byMessageId, until } from '../support/rabbitmq.js';

const BACKLOG = 3_000;
const BATCH_SIZE = 200;
const LEASE_SECONDS = 5;

// A row trigger that makes marking a delivery published take 2 ms per row (400 ms per batch).
const SLOW_RECORDING = [
  `CREATE FUNCTION e2e_slow_recording() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_sleep(0.002); RETURN NEW; END $$`,
  `CREATE TRIGGER e2e_slow_recording BEFORE UPDATE ON outbox_delivery FOR EACH ROW
     WHEN (NEW.state = 'published' AND OLD.state = 'pending') EXECUTE FUNCTION e2e_slow_recording()`,
];

describe.each([
  { database: 'a quick database', setUp: [] as string[] },
  { database: 'a database slow to record outcomes', setUp: SLOW_RECORDING },
])('publishing a backlog across a crash of the service, with $database', ({ setUp }) => {
  let bed: PublishingBed;
  let killedAt: Date;
  let claimed: Map<string, Delivery>;
  const env = {
    FEDWATCH_FEDERATION__OUTBOX__BATCH_SIZE: String(BATCH_SIZE),
    // The restarted process takes over the dead one's claims once their lease ends.
    FEDWATCH_FEDERATION__OUTBOX__LEASE_SECONDS: String(LEASE_SECONDS),
  };

  beforeAll(async () => {
    bed = await PublishingBed.open(setUp.length ? 'crash_slow' : 'crash');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('is killed with SIGKILL while part of the backlog is published', async () => {
    const first = await bed.start(env);
    for (const sql of setUp) await bed.sql(sql);
    // ~1.5 kB bodies: large enough that the backlog takes a while to publish, as a real one does.
    await bed.enqueue(bed.messages(BACKLOG, 'accounting.cloud', 1_500));
    await until(() => bed.consumer.messages.length >= 2 * BATCH_SIZE, 30_000);
    expect(await first.stop('SIGKILL')).toBeNull();
    killedAt = ((await bed.sql('SELECT clock_timestamp() AS t')) as { t: Date }[])[0]!.t;

    const states = await bed.states();
    expect(states.pending).toBeGreaterThan(0); // killed mid-way, not after the end
    expect((states.pending ?? 0) + (states.published ?? 0)).toBe(BACKLOG);
    expect(bed.consumer.messages.length).toBeLessThan(BACKLOG);
    // What the dead process left claimed: the batch in flight, the one prefetched, maybe the one
    // whose outcomes were being recorded.
    claimed = new Map(
      [...(await bed.deliveries())].filter(([, d]) => d.state === 'pending' && d.claimedUntil),
    );
    expect(claimed.size).toBeGreaterThan(0);
    expect(claimed.size).toBeLessThanOrEqual(3 * BATCH_SIZE);
  });

  it('after a restart on the same database, delivers every message, duplicates bounded and identical', async () => {
    const second = await bed.start(env);
    await eventually(
      () => bed.states(),
      (s) => s.published === BACKLOG,
      60_000,
    );
    const received = await bed.consumer.waitFor(BACKLOG, 10_000, 1_000);
    const rows = await bed.outbox();
    expect(rows).toHaveLength(BACKLOG);
    const comparison = compareWithOutbox(received, rows);
    expect(comparison).toEqual({
      unknown: [],
      missing: [],
      duplicates: expect.any(Number),
      altered: [],
      notHashingToId: 0,
    });
    expect(received).toHaveLength(BACKLOG + comparison.duplicates);
    expect(comparison.duplicates).toBeLessThanOrEqual(BATCH_SIZE);
    // Every duplicate is a message the dead process had claimed.
    const duplicated = [...byMessageId(received)].filter(([, copies]) => copies.length > 1).map(([id]) => id);
    expect(duplicated.filter((id) => !claimed.has(id))).toEqual([]);

    // Its claims were honoured until their lease ended, then taken over (database clock throughout).
    // A statement of the dead process still running at the kill may commit after it: those rows
    // were marked published by their own claimer, before the kill.
    const after = await bed.deliveries();
    const taken = [...claimed].filter(([id]) => after.get(id)!.publishedAt! >= killedAt);
    expect(taken.length).toBeGreaterThan(0);
    expect(taken.filter(([id, d]) => after.get(id)!.publishedAt! < d.claimedUntil!).length).toBe(0);

    const status = await getJson<{ rows: object[] }>(second, '/api/v1/outbox');
    expect(status.body.rows).toEqual([expect.objectContaining({ pending: 0, published: BACKLOG })]);
  });
});
