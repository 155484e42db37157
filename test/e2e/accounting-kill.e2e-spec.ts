/**
 * The kill test: `fedwatch serve` is SIGKILLed in the middle of an extraction, restarted on the
 * same PostgreSQL database, and left to finish. The result must equal an uninterrupted run of the
 * same cloud on another fresh database: the same records (type, key, fields), the same outbox
 * message ids, the same watermarks. Nothing lost, nothing doubled.
 *
 * Comparable windows: a window ends at the service's "now", and a record of a running VM carries
 * `WallDuration = window end − created`, so two runs only build identical records and
 * byte-identical messages (message id = SHA-256 of the body) when their windows are identical.
 * Both runs therefore see the simulator at the same fixed `now` F, and every service process runs
 * with its wall clock pinned at F (`accounting-clock.ts`). With `initialLookbackSeconds` two days
 * and `maxWindowSeconds` one day, every project is extracted in two windows, [F−2d, F−1d) and
 * [F−1d, F). The extractor collects all projects of a round before storing them, one transaction
 * each; holding os-simple-tenant-usage after the first round's requests lets the first round
 * commit and stalls every project in the second, where the service is killed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOpenStackSimulator, type OpenStackSimulator } from '../simulators/openstack/index.js';
import { frozenClockEnv } from '../support/accounting-clock.js';
import { ADMIN_TOKEN, queryDb, rest, waitFor, writeServiceConfig } from '../support/accounting-service.js';
import { createTestDatabase } from '../support/postgres.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';

const DAY = 86_400_000;
const F = new Date(Math.floor(Date.now() / 60_000) * 60_000);

interface Snapshot {
  records: { type: string; record_key: string; project_id: string; window_from: Date; fields: object }[];
  messageIds: string[];
  watermarks: { project_id: string; vo: string; watermark: Date; last_error: string | null }[];
}

async function snapshot(url: string): Promise<Snapshot> {
  const records = await queryDb<Snapshot['records'][number]>(
    url,
    `SELECT type, record_key, project_id, window_from, fields FROM accounting_record ORDER BY type, record_key`,
  );
  const messages = await queryDb<{ message_id: string }>(
    url,
    `SELECT message_id FROM outbox_message ORDER BY message_id`,
  );
  const watermarks = await queryDb<Snapshot['watermarks'][number]>(
    url,
    `SELECT project_id, vo, watermark, last_error FROM accounting_watermark ORDER BY project_id`,
  );
  return { records, messageIds: messages.map((m) => m.message_id), watermarks };
}

const marksOf = (url: string) =>
  queryDb<{ watermark: Date; last_error: string | null }>(
    url,
    `SELECT watermark, last_error FROM accounting_watermark`,
  );

describe('accounting survives SIGKILL in the middle of an extraction', () => {
  let sim: OpenStackSimulator;
  const dbs: { url: string; drop(): Promise<void> }[] = [];
  const services: ServiceProcess[] = [];
  let env: Record<string, string>;
  let projects: number;

  async function serve(url: string, extra: Record<string, string> = {}): Promise<ServiceProcess> {
    const service = await startServiceProcess({ env: { ...env, DATABASE_URL: url, ...extra } });
    services.push(service);
    return service;
  }

  /** Runs the scheduled job every 2 s until every project's watermark is F, then stops the service. */
  async function finishOnSchedule(url: string): Promise<void> {
    const service = await serve(url, { FEDWATCH_SCHEDULES__ACCOUNTING: '2s' });
    await waitFor(
      'every watermark at F',
      () => marksOf(url),
      (ms) =>
        ms.length === projects && ms.every((m) => m.watermark.getTime() === F.getTime() && !m.last_error),
      60_000,
    );
    expect(await service.stop()).toBe(0);
  }

  beforeAll(async () => {
    sim = await startOpenStackSimulator({ seed: 'accounting-kill-e2e', projects: 12, servers: 4800, now: F });
    projects = [...sim.data.projects, ...sim.data.otherProjects].filter((p) =>
      (p.api.tags as string[]).includes('caso'),
    ).length;
    const dir = tempDir('fedwatch-e2e-accounting-kill-');
    const config = await writeServiceConfig(sim, dir, {
      initialLookbackSeconds: 2 * 86_400,
      maxWindowSeconds: 86_400,
    });
    env = { FEDWATCH_CONFIG: config, ...frozenClockEnv(F, dir) };
    dbs.push(await createTestDatabase('fw_e2e_acc_kill'), await createTestDatabase('fw_e2e_acc_ref'));
  });
  afterAll(async () => {
    for (const s of services) await s.stop('SIGKILL');
    await sim?.close();
    for (const db of dbs) await db.drop();
  });

  it('after a restart, the same records, message ids and watermarks as an uninterrupted run', async () => {
    const [killed, reference] = dbs.map((d) => d.url) as [string, string];

    // Run 1: the first window of every project commits; the second stalls on usage; SIGKILL.
    const hold = sim.faults.hold('/os-simple-tenant-usage/', { after: projects });
    const first = await serve(killed);
    const started = await rest(first.baseUrl).post<{ id: string }>(
      '/api/v1/accounting/extractions',
      {},
      ADMIN_TOKEN,
    );
    expect(started.status).toBe(202);
    await hold.arrived(4); // the collector's four concurrent projects are stalled
    const committed = await waitFor(
      'round one committed',
      () => marksOf(killed),
      (ms) => ms.length === projects,
    );
    expect(committed.every((m) => m.watermark.getTime() === F.getTime() - DAY)).toBe(true);
    expect(await first.stop('SIGKILL')).toBeNull();
    const atKill = await snapshot(killed);
    expect(atKill.records.length).toBeGreaterThan(1000);
    expect(atKill.records.every((r) => r.window_from.getTime() === F.getTime() - 2 * DAY)).toBe(true);
    hold.release();

    // Restart on the same database: the interrupted run is marked failed; the schedule finishes.
    await finishOnSchedule(killed);
    const runs = await queryDb<{ id: string; state: string; error: string | null; summary: object | null }>(
      killed,
      `SELECT id, state, error, summary FROM accounting_extraction ORDER BY created_at`,
    );
    expect(runs[0]).toMatchObject({
      id: started.body.id,
      state: 'failed',
      error: expect.stringMatching(/^interrupted/),
    });
    const resumed = runs.find((r) => r.state === 'succeeded' && r.summary) as
      { summary: { projects: { window: { from: string; to: string } }[] } } | undefined;
    expect(resumed?.summary.projects).toHaveLength(projects);
    for (const p of resumed!.summary.projects)
      expect([p.window.from, p.window.to]).toEqual([
        new Date(F.getTime() - DAY).toISOString(),
        F.toISOString(),
      ]);

    // The uninterrupted run of the same cloud at the same F, on its own database.
    await finishOnSchedule(reference);

    const [after, expected] = [await snapshot(killed), await snapshot(reference)];
    expect(after.records.length).toBe(expected.records.length);
    expect(after.messageIds.length).toBe(expected.messageIds.length);
    expect(new Set(after.messageIds).size).toBe(after.messageIds.length);
    expect(after.records).toEqual(expected.records);
    expect(after.messageIds).toEqual(expected.messageIds);
    expect(after.watermarks).toEqual(expected.watermarks);
    // Everything committed before the kill is still there, none of it rewritten into a new message.
    expect(atKill.messageIds.every((id) => after.messageIds.includes(id))).toBe(true);
  });
});
