import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ExtractionView, ProjectOutcome } from '../../src/accounting/extraction.types.js';
import { inflateBody, type StoredBody } from '../../src/publishing/body-codec.js';
import { startOpenStackSimulator, type OpenStackSimulator } from '../simulators/openstack/index.js';
import { AccountingHarness, projectOfMessage, sleep, type RecordRow } from '../support/accounting-harness.js';

/**
 * Scheduled and manual extractions through the real extractor, outbox writer and PostgreSQL,
 * against the OpenStack simulator: what is stored, queued and watermarked, and how re-runs,
 * republishing, past windows and catch-up after downtime behave.
 */
const DAY = 86_400_000;
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
const time = (d: Date | string) => new Date(d).getTime();
const month = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
const outcomes = (view: ExtractionView): ProjectOutcome[] => view.summary?.projects ?? [];

let sim: OpenStackSimulator;
let h: AccountingHarness;
let selected: string[];

beforeAll(async () => {
  sim = await startOpenStackSimulator({
    seed: 'accounting-extraction-int',
    projects: 4,
    servers: 60,
    now: new Date(wholeSecond(Date.now())),
  });
  h = await AccountingHarness.open({ prefix: 'fw_int_acc_extract', sim });
  // The site selects projects by the tag `caso`: every tenant project and the disabled one.
  selected = [...sim.data.projects, ...sim.data.otherProjects]
    .filter((p) => (p.api.tags as string[]).includes('caso'))
    .map((p) => p.id)
    .sort();
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});
beforeEach(async () => {
  await h.reset();
  sim.faults.clear();
  sim.requests.clear();
});

/** Transaction ids (xmin) of each project's records, messages, deliveries and watermark. */
async function transactionsByProject(): Promise<Map<string, Set<string>>> {
  const rows: (StoredBody & { project: string | null; x: string })[] = await h.dataSource.query(
    `SELECT project_id AS project, NULL AS body, NULL::bytea AS body_deflated, xmin::text AS x FROM accounting_record
     UNION ALL SELECT project_id, NULL, NULL, xmin::text FROM accounting_watermark
     UNION ALL SELECT NULL, body, body_deflated, xmin::text FROM outbox_message
     UNION ALL SELECT NULL, m.body, m.body_deflated, d.xmin::text
       FROM outbox_delivery d JOIN outbox_message m ON m.id = d.outbox_message_id`,
  );
  const by = new Map<string, Set<string>>();
  for (const r of rows) {
    const body = r.body === null && r.body_deflated === null ? '' : inflateBody(r);
    const project = r.project ?? projectOfMessage(body) ?? 'unknown';
    by.set(project, (by.get(project) ?? new Set()).add(r.x));
  }
  return by;
}

const vmsIn = (body: string) => [...body.matchAll(/^VMUUID: (\S+)$/gm)].map((m) => m[1]);
const volumesIn = (body: string) => [...body.matchAll(/sr:recordId="([^"]+)"/g)].map((m) => m[1]);

describe('accounting extraction into PostgreSQL', () => {
  it('stores APEL-keyed records, queues their messages and moves each watermark, one transaction per project', async () => {
    const before = wholeSecond(Date.now());
    const view = await h.run();
    const after = Date.now();
    expect(view.state).toBe('succeeded');
    expect(
      outcomes(view)
        .map((p) => p.projectId)
        .sort(),
    ).toEqual(selected);
    // Caught up after one round: Keystone's project list is read once, not again for nothing.
    expect(sim.requests.count('/identity/v3/projects')).toBe(1);

    const marks = await h.watermarks();
    expect(marks.map((w) => w.projectId).sort()).toEqual(selected);
    for (const p of outcomes(view)) {
      const to = time(p.window!.to);
      expect(to).toBeGreaterThanOrEqual(before);
      expect(to).toBeLessThanOrEqual(after);
      expect(time(p.window!.from)).toBe(to - DAY); // initialLookbackSeconds (default one day)
      const mark = marks.find((w) => w.projectId === p.projectId)!;
      expect(mark.watermark.getTime()).toBe(to);
      expect(mark.lastError).toBeNull();
    }

    const records = await h.records();
    const cloud = records.filter((r) => r.type === 'cloud');
    const storage = records.filter((r) => r.type === 'storage');
    expect(cloud.length).toBeGreaterThan(10);
    expect(storage.length).toBeGreaterThan(5);
    for (const r of cloud) {
      const f = r.fields as Record<string, number | string>;
      // apel.md §2.7: the server's MeasurementTime decides the month of the (VMUUID, month) key.
      const measured =
        f.Status === 'completed' ? Number(f.EndTime) : Number(f.StartTime) + Number(f.WallDuration);
      expect(r.measured_at.getTime()).toBe(measured * 1000);
      expect(r.record_key).toBe(`${f.VMUUID}/${month(r.measured_at)}`);
      expect(sim.data.servers.find((s) => s.id === f.VMUUID)?.projectId).toBe(r.project_id);
    }
    for (const r of storage) {
      expect(r.record_key).toBe(r.fields.RecordId); // §3.3: keyed by the volume id alone
      expect(sim.data.volumes.find((v) => v.id === r.record_key)?.['os-vol-tenant-attr:tenant_id']).toBe(
        r.project_id,
      );
    }

    // Every stored record travels in exactly one queued message of its project.
    const messages = await h.messages();
    const inMessages = (kind: string, ids: (b: string) => (string | undefined)[]) =>
      messages
        .filter((m) => m.kind === kind)
        .flatMap((m) => ids(m.body).map((id) => `${projectOfMessage(m.body)}/${id}`));
    const key = (r: RecordRow) => `${r.project_id}/${r.type === 'cloud' ? r.fields.VMUUID : r.record_key}`;
    expect(inMessages('accounting.cloud', vmsIn).sort()).toEqual(cloud.map(key).sort());
    expect(inMessages('accounting.storage', volumesIn).sort()).toEqual(storage.map(key).sort());
    for (const m of messages) expect(m.record_count).toBe(vmsIn(m.body).length + volumesIn(m.body).length);
    expect(view.progress.messages).toBe(messages.length);
    expect([...(await h.deliveries()).values()]).toEqual(messages.map(() => 'pending'));

    // Records, messages, deliveries and watermark of a project were committed by one transaction.
    const txs = await transactionsByProject();
    expect([...txs.keys()].sort()).toEqual(selected);
    for (const ids of txs.values()) expect(ids.size).toBe(1);
    expect(new Set([...txs.values()].flatMap((ids) => [...ids])).size).toBe(selected.length);
  });

  it('re-running a window updates its rows, queues no identical message again, and republish queues them again', async () => {
    const first = await h.run();
    const window = outcomes(first)[0]!.window!;
    const stored = await h.records();
    const queued = await h.messages();
    await h.dataSource.query(`UPDATE accounting_record SET fields = '{}'::jsonb`);

    const again = await h.run({ window: { from: new Date(window.from), to: new Date(window.to) } });
    expect(again.state).toBe('succeeded');
    expect(await h.records()).toEqual(stored);
    expect(await h.messages()).toEqual(queued);
    for (const p of outcomes(again)) {
      const before = outcomes(first).find((o) => o.projectId === p.projectId)!;
      expect(p.messages).toBe(0);
      expect(p.duplicateMessages).toBe(before.messages);
    }
    expect(outcomes(again).reduce((n, p) => n + p.duplicateMessages, 0)).toBe(queued.length);

    await h.dataSource.query(`UPDATE outbox_delivery SET state = 'published', published_at = now()`);
    const republished = await h.run({
      window: { from: new Date(window.from), to: new Date(window.to) },
      republish: true,
    });
    expect(republished.state).toBe('succeeded');
    expect(await h.messages()).toEqual(queued);
    expect([...(await h.deliveries()).values()]).toEqual(queued.map(() => 'pending'));
    expect(outcomes(republished).every((p) => p.duplicateMessages === 0)).toBe(true);
    expect(republished.progress.messages).toBe(queued.length);
  });

  it('a manual extraction of a past window stores and queues but never moves a watermark', async () => {
    await h.run();
    const marks = await h.watermarks();
    const queued = (await h.messages()).length;
    const past = {
      from: new Date(sim.data.now.getTime() - 5 * DAY),
      to: new Date(sim.data.now.getTime() - 4 * DAY),
    };

    const manual = await h.run({ window: past });
    expect(manual.state).toBe('succeeded');
    expect(manual.trigger).toBe('manual');
    expect(await h.watermarks()).toEqual(marks);
    const ofPast = (await h.records()).filter(
      (r) => r.window_from.getTime() === past.from.getTime() && r.window_to.getTime() === past.to.getTime(),
    );
    expect(ofPast.length).toBeGreaterThan(0);
    expect(ofPast.length).toBe(manual.progress.records);
    expect(manual.progress.messages).toBeGreaterThan(0);
    expect((await h.messages()).length).toBe(queued + manual.progress.messages);

    // Nor does it create one for a project never extracted on schedule, even when it fails.
    await h.reset();
    const failing = sim.data.projects[0]!.id;
    sim.faults.error(new RegExp(`/servers/detail\\?.*project_id=${failing}`), { status: 500 });
    const fresh = await h.run({ window: past });
    expect(fresh.state).toBe('partial');
    expect(outcomes(fresh).find((p) => p.projectId === failing)?.error).toMatch(/HTTP 500/);
    expect(fresh.progress.records).toBe(ofPast.filter((r) => r.project_id !== failing).length);
    expect(await h.watermarks()).toEqual([]);
  });

  it('keeps one cloud row per VM and month: a later window of the month replaces it, a new month adds one', async () => {
    const twoDaysAgo = new Date(sim.data.now.getTime() - 2 * DAY);
    const monthStart = Date.UTC(twoDaysAgo.getUTCFullYear(), twoDaysAgo.getUTCMonth(), 1);
    // A window ending on the 1st at 00:00 measures its running VMs in the new month (§2.7): keep clear.
    const windows = [-2, 0, 1].map((d) => ({
      from: new Date(monthStart + d * DAY),
      to: new Date(monthStart + (d + 1) * DAY),
    }));
    await h.run({ window: windows[0] });
    const before = (await h.records()).filter((r) => r.type === 'cloud' && r.fields.EndTime === 0);
    expect(before.length).toBeGreaterThan(10);
    await h.run({ window: windows[1] });
    await h.run({ window: windows[2] });
    const after = await h.records();
    let checked = 0;
    for (const old of before) {
      const rows = after.filter((r) => r.fields.VMUUID === old.fields.VMUUID);
      // Still running in the new month: its previous month's row stays as the last one of that month.
      if (!rows.some((r) => r.window_from.getTime() === windows[2]!.from.getTime())) continue;
      expect(rows.map((r) => [r.record_key, r.window_from])).toEqual([
        [`${old.fields.VMUUID}/${month(new Date(monthStart - DAY))}`, windows[0]!.from],
        [`${old.fields.VMUUID}/${month(new Date(monthStart))}`, windows[2]!.from],
      ]);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('after downtime catches up in windows no longer than maxWindowSeconds, up to now', async () => {
    await h.run();
    await h.dataSource.query(`TRUNCATE accounting_record, outbox_delivery, outbox_message`);
    await sleep(1100); // the catch-up's last window must end later than the first run's
    const gap = wholeSecond(Date.now()) - 3 * DAY;
    await h.dataSource.query(`UPDATE accounting_watermark SET watermark = $1`, [new Date(gap)]);
    sim.requests.clear();

    const before = wholeSecond(Date.now());
    const view = await h.run();
    expect(view.state).toBe('succeeded');
    const records = await h.records();
    for (const id of selected) {
      const end = (await h.watermarkOf(id))!.watermark.getTime();
      expect(end).toBeGreaterThanOrEqual(before);
      const usage = sim.requests.entries
        .filter((e) => e.path.endsWith(`/os-simple-tenant-usage/${id}`))
        .map((e) => new URLSearchParams(e.query))
        .map((q) => [time(`${q.get('start')}Z`), time(`${q.get('end')}Z`)]);
      expect(usage).toEqual([
        [gap, gap + DAY],
        [gap + DAY, gap + 2 * DAY],
        [gap + 2 * DAY, end],
      ]);
      const changesSince = sim.requests.entries
        .filter((e) => e.path.endsWith('/servers/detail') && e.query.includes(`project_id=${id}`))
        .map((e) => time(new URLSearchParams(e.query).get('changes-since')!));
      expect(changesSince).toEqual([gap, gap + DAY, gap + 2 * DAY]);
      const outcome = outcomes(view).find((p) => p.projectId === id)!;
      expect([time(outcome.window!.from), time(outcome.window!.to)]).toEqual([gap, end]);
      for (const r of records.filter((r) => r.project_id === id)) {
        expect([gap, gap + DAY, gap + 2 * DAY]).toContain(r.window_from.getTime());
        // A VM still running is re-measured in each window: its row holds the last one.
        const current = month(r.measured_at) === month(new Date(end));
        if (r.type === 'cloud' && r.fields.EndTime === 0 && current) expect(r.window_to.getTime()).toBe(end);
      }
    }
    expect(records.some((r) => r.window_from.getTime() === gap + 2 * DAY)).toBe(true);
  });
});
