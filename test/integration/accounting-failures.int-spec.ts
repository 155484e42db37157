import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ExtractionView, ProjectOutcome } from '../../src/accounting/extraction.types.js';
import { startOpenStackSimulator, type OpenStackSimulator } from '../simulators/openstack/index.js';
import { AccountingHarness, projectOfMessage, sleep } from '../support/accounting-harness.js';
import { freePort } from '../support/free-port.js';

/**
 * How extraction fails: per project (Nova down for one project, a store transaction that cannot
 * commit, a project without a VO), per object (malformed servers) and per site (Keystone
 * unreachable). A failure never half-stores a window and never moves its watermark.
 */
const DAY = 86_400_000;
const WEEK = { initialLookbackSeconds: 7 * 86_400, maxWindowSeconds: 7 * 86_400 };
const outcomeOf = (view: ExtractionView, id: string): ProjectOutcome =>
  view.summary!.projects.find((p) => p.projectId === id)!;

let sim: OpenStackSimulator;
let h: AccountingHarness;
const extra: AccountingHarness[] = [];

beforeAll(async () => {
  sim = await startOpenStackSimulator({
    seed: 'accounting-failures-int',
    projects: 4,
    servers: 60,
    now: new Date(Math.floor(Date.now() / 1000) * 1000),
  });
  h = await AccountingHarness.open({ prefix: 'fw_int_acc_fail', sim, accounting: WEEK });
});
afterAll(async () => {
  for (const harness of [h, ...extra]) await harness?.close();
  await sim?.close();
});
beforeEach(async () => {
  await h.reset();
  sim.faults.clear();
  sim.requests.clear();
});

describe('accounting extraction failures', () => {
  it('a project whose Nova listing fails beyond retries keeps its watermark and error; the next run retries its window', async () => {
    const [x, ...others] = sim.data.projects.map((p) => p.id);
    await h.run();
    const w1 = (await h.watermarkOf(x!))!;
    const stored = await h.records(x);
    await sleep(1100);
    const listing = new RegExp(`/servers/detail\\?.*project_id=${x}`);
    const fault = sim.faults.error(listing, { status: 503 });
    sim.requests.clear();

    const second = await h.run();
    expect(second.state).toBe('partial');
    expect(second.progress.projectsFailed).toBe(1);
    const error = outcomeOf(second, x!).error!;
    expect(error).toMatch(/^Nova at .*\/servers\/detail unreachable: HTTP 503 \(after 4 attempts\)$/);
    expect(sim.requests.count(listing)).toBe(4);
    const failed = (await h.watermarkOf(x!))!;
    expect(failed).toMatchObject({
      watermark: w1.watermark,
      lastSuccessAt: w1.lastSuccessAt,
      lastError: error,
    });
    const status = await h.controller.status();
    expect(status.find((s) => s.projectId === x)).toMatchObject({ lastError: error });
    expect(await h.records(x)).toEqual(stored);
    for (const id of others) {
      const mark = (await h.watermarkOf(id))!;
      expect(mark.watermark.getTime()).toBeGreaterThan(w1.watermark.getTime());
      expect(mark.lastError).toBeNull();
    }

    fault.remove();
    sim.requests.clear();
    const third = await h.run();
    expect(third.state).toBe('succeeded');
    const retried = sim.requests.entries.filter((e) => listing.test(`${e.path}?${e.query}`));
    expect(retried.map((e) => new URLSearchParams(e.query).get('changes-since'))).toEqual([
      w1.watermark.toISOString().replace('.000Z', 'Z'),
    ]);
    expect(new Date(outcomeOf(third, x!).window!.from)).toEqual(w1.watermark);
    const after = (await h.watermarkOf(x!))!;
    expect(after.watermark.getTime()).toBe(new Date(outcomeOf(third, x!).window!.to).getTime());
    expect(after.lastError).toBeNull();
  });

  it('a window whose transaction cannot commit leaves no record, message or watermark of it behind', async () => {
    const [x] = sim.data.projects.map((p) => p.id);
    // The watermark is the last write of the project's transaction: make it fail there.
    await h.dataSource.query(`
      CREATE FUNCTION refuse_watermark() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$`);
    await h.dataSource.query(`
      CREATE TRIGGER refuse_watermark BEFORE INSERT OR UPDATE ON accounting_watermark FOR EACH ROW
        WHEN (NEW.project_id = '${x}' AND NEW.last_success_at IS NOT NULL) EXECUTE FUNCTION refuse_watermark()`);
    let outcome: ProjectOutcome;
    try {
      const view = await h.run();
      expect(view.state).toBe('partial');
      outcome = outcomeOf(view, x!);
      expect(outcome.error).toBe('storing the window failed: disk full (test)');
      expect(await h.records(x)).toEqual([]);
      const messages = await h.messages();
      expect(messages.filter((m) => projectOfMessage(m.body) === x)).toEqual([]);
      expect(messages.length).toBeGreaterThan(0); // the other projects' were kept
      expect(await h.watermarkOf(x!)).toMatchObject({
        watermark: new Date(outcome.window!.from),
        lastSuccessAt: null,
        lastError: outcome.error,
      });
    } finally {
      await h.dataSource.query(`DROP TRIGGER refuse_watermark ON accounting_watermark`);
      await h.dataSource.query(`DROP FUNCTION refuse_watermark`);
    }
    const retry = await h.run();
    expect(retry.state).toBe('succeeded');
    expect(new Date(outcomeOf(retry, x!).window!.from)).toEqual(new Date(outcome.window!.from));
    expect((await h.records(x)).length).toBeGreaterThan(3);
    expect(await h.watermarkOf(x!)).toMatchObject({
      watermark: new Date(outcomeOf(retry, x!).window!.to),
      lastError: null,
    });
  });

  it('an extraction whose own bookkeeping fails does not stop the ones queued after it', async () => {
    await h.dataSource.query(`
      CREATE FUNCTION refuse_running() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'database unavailable (test)'; END $$`);
    await h.dataSource.query(`
      CREATE TRIGGER refuse_running BEFORE UPDATE ON accounting_extraction FOR EACH ROW
        WHEN (NEW.state = 'running') EXECUTE FUNCTION refuse_running()`);
    let broken: Promise<unknown>;
    try {
      broken = (await h.extractions.start({ trigger: 'manual', republish: false })).done;
      await expect(broken).rejects.toThrow('database unavailable (test)');
    } finally {
      await h.dataSource.query(`DROP TRIGGER refuse_running ON accounting_extraction`);
      await h.dataSource.query(`DROP FUNCTION refuse_running`);
    }
    const next = await h.run();
    expect(next.state).toBe('succeeded');
    expect((await h.watermarks()).length).toBeGreaterThan(0);
  });

  it('reports malformed servers with their id and field, and stores everything else', async () => {
    const from = sim.data.now.getTime() - 7 * DAY;
    // Servers that never launched are in the changes-since listing only (not in the usage).
    const [a, b] = sim.data.servers.filter((s) => s.launchedMs === null && s.updatedMs >= from);
    expect(b).toBeDefined();
    sim.faults.malformServer(a!.id, 'missing-created');
    sim.faults.malformServer(b!.id, 'null-flavor');

    const view = await h.run();
    expect(view.state).toBe('succeeded');
    expect(outcomeOf(view, a!.projectId).problems).toContainEqual(
      expect.stringMatching(new RegExp(`^server-malformed: server ${a!.id} .*: created: `)),
    );
    expect(outcomeOf(view, b!.projectId).problems).toContainEqual(
      expect.stringMatching(new RegExp(`^server-malformed: server ${b!.id} .*: flavor: `)),
    );
    const records = await h.records();
    expect(records.filter((r) => r.fields.VMUUID === a!.id || r.fields.VMUUID === b!.id)).toEqual([]);
    for (const p of [a!.projectId, b!.projectId]) {
      expect(records.filter((r) => r.project_id === p && r.type === 'cloud').length).toBeGreaterThan(3);
      expect((await h.watermarkOf(p))!.lastError).toBeNull();
    }
  });

  it('an unreachable Keystone gives one clear site error and stores nothing', async () => {
    const down = await AccountingHarness.open({
      prefix: 'fw_int_acc_down',
      sim,
      authUrl: `http://127.0.0.1:${await freePort()}/identity/v3`,
    });
    extra.push(down);
    for (let run = 0; run < 2; run++) {
      const view = await down.run();
      expect(view.state).toBe('failed');
      expect(view.summary!.projects).toEqual([]);
      expect(view.summary!.siteErrors).toEqual([
        {
          site: 'simulated',
          error: expect.stringMatching(
            /^OpenStack site simulated: Keystone at http:\/\/127\.0\.0\.1:\d+\/identity\/v3\/auth\/tokens unreachable: connect ECONNREFUSED/,
          ),
        },
      ]);
    }
    expect(await down.records()).toEqual([]);
    expect(await down.messages()).toEqual([]);
    expect(await down.watermarks()).toEqual([]);
  });

  it('a project without a VO is a clear error of that project alone', async () => {
    const noVo = await AccountingHarness.open({
      prefix: 'fw_int_acc_novo',
      sim,
      siteConfig: { voMap: false },
    });
    extra.push(noVo);
    const orphan = sim.data.projects.find((p) => p.vo === null)!;
    const view = await noVo.run();
    expect(view.state).toBe('partial');
    const error =
      `project ${orphan.id} (${orphan.name}) has no VO: set its Keystone property VO or map it in ` +
      `openstack.sites[simulated].voMap`;
    expect(outcomeOf(view, orphan.id)).toMatchObject({ error, records: {}, messages: 0 });
    expect(view.summary!.projects.filter((p) => p.error)).toHaveLength(1);
    expect(await noVo.records(orphan.id)).toEqual([]);
    expect(await noVo.watermarkOf(orphan.id)).toMatchObject({ lastError: error, lastSuccessAt: null });
    expect((await noVo.records()).length).toBeGreaterThan(10);
  });
});
