/**
 * Accounting through the built service (`fedwatch serve` on PostgreSQL, API tokens) after one
 * extraction against the OpenStack simulator: REST, gRPC `fedwatch.v1.AccountingService`, the
 * `fedwatch accounting` CLI and the accounting metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { startOpenStackSimulator, type OpenStackSimulator } from '../simulators/openstack/index.js';
import {
  ADMIN_TOKEN,
  READ_TOKEN,
  accountingGrpcClient,
  rest,
  waitFor,
  writeServiceConfig,
  type Rest,
} from '../support/accounting-service.js';
import { unary } from '../support/grpc-client.js';
import { createTestDatabase } from '../support/postgres.js';
import { runCli, startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';

interface Rec {
  type: string;
  key: string;
  site: string;
  vo: string;
  projectId: string;
  measuredAt: string;
  fields: Record<string, unknown>;
}
interface Page {
  records: Rec[];
  nextCursor: string | null;
}
type Status = { site: string; projectId: string; vo: string; watermark: string; lastError: string | null }[];

describe('accounting over REST, gRPC, the CLI and /metrics', () => {
  let sim: OpenStackSimulator;
  let db: { url: string; drop(): Promise<void> };
  let service: ServiceProcess;
  let api: Rest;
  let grpc: Client & Record<string, never>;
  let extraction: { id: string; state: string; progress: { records: number; projectsTotal: number } };
  let all: Rec[];
  let cliEnv: Record<string, string>;

  /** Every record, following nextCursor with `limit` per page. */
  async function pages(query: string, limit: number): Promise<Rec[]> {
    const out: Rec[] = [];
    let cursor: string | null = '';
    do {
      const res: { status: number; body: Page } = await api.get<Page>(
        `/api/v1/accounting/records?${query}&limit=${limit}&cursor=${cursor ?? ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.records.length).toBeLessThanOrEqual(limit);
      out.push(...res.body.records);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  }

  beforeAll(async () => {
    sim = await startOpenStackSimulator({ seed: 'accounting-api-e2e', projects: 4, servers: 80 });
    db = await createTestDatabase('fw_e2e_acc_api');
    const dir = tempDir('fedwatch-e2e-accounting-api-');
    const config = await writeServiceConfig(sim, dir, {
      initialLookbackSeconds: 604_800,
      maxWindowSeconds: 604_800,
    });
    service = await startServiceProcess({ env: { FEDWATCH_CONFIG: config, DATABASE_URL: db.url } });
    api = rest(service.baseUrl);
    grpc = accountingGrpcClient(service.grpcPort);
    cliEnv = { FEDWATCH_URL: service.baseUrl, FEDWATCH_TOKEN: READ_TOKEN, FEDWATCH_CLI_DIR: dir };

    const started = await api.post<{ id: string; state: string }>(
      '/api/v1/accounting/extractions',
      {},
      ADMIN_TOKEN,
    );
    expect(started.status).toBe(202);
    expect(['queued', 'running']).toContain(started.body.state);
    extraction = await waitFor(
      'the extraction ends',
      async () =>
        (await api.get<typeof extraction>(`/api/v1/accounting/extractions/${started.body.id}`)).body,
      (v) => v.state !== 'queued' && v.state !== 'running',
    );
    all = await pages('', 1000);
  });
  afterAll(async () => {
    grpc?.close();
    await service?.stop('SIGKILL');
    await sim?.close();
    await db?.drop();
  });

  it('POST extractions needs the admin role; GET extractions/{id} follows one to its end', async () => {
    expect((await api.post('/api/v1/accounting/extractions', {})).status).toBe(401);
    const asReader = await api.post<{ code: string }>('/api/v1/accounting/extractions', {}, READ_TOKEN);
    expect(asReader.status).toBe(403);
    expect(asReader.body.code).toBe('FORBIDDEN');
    expect((await api.get<unknown[]>('/api/v1/accounting/extractions')).body).toHaveLength(1);
    expect(extraction.state).toBe('succeeded');
    expect(extraction.progress.records).toBe(all.length);
    expect(extraction.progress.projectsTotal).toBe(5); // 4 tenant projects and the disabled one
    const missing = await api.get<{ code: string }>(
      '/api/v1/accounting/extractions/00000000-0000-4000-8000-000000000000',
    );
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('GET records filters and pages with a cursor, oldest measurement first, nothing twice', async () => {
    expect(all.length).toBeGreaterThan(40);
    const paged = await pages('', 7);
    expect(paged).toEqual(all);
    const order = all.map((r) => `${r.measuredAt}|${r.type}|${r.key}`);
    expect(order).toEqual([...order].sort());
    expect(new Set(order).size).toBe(all.length);

    const storage = await pages('type=storage', 5);
    expect(storage).toEqual(all.filter((r) => r.type === 'storage'));
    const { projectId, vo } = all[0]!;
    expect(await pages(`project=${projectId}`, 50)).toEqual(all.filter((r) => r.projectId === projectId));
    expect(await pages(`vo=${encodeURIComponent(vo)}&type=cloud`, 50)).toEqual(
      all.filter((r) => r.vo === vo && r.type === 'cloud'),
    );
    const mid = all[Math.floor(all.length / 2)]!.measuredAt;
    expect(await pages(`to=${mid}`, 50)).toEqual(all.filter((r) => r.measuredAt < mid));
    expect(await pages(`from=${mid}`, 50)).toEqual(all.filter((r) => r.measuredAt >= mid));
    for (const bad of ['cursor=bm9wZQ', 'limit=0', 'type=grid', 'from=yesterday']) {
      const res = await api.get<{ code: string }>(`/api/v1/accounting/records?${bad}`);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'INVALID_ARGUMENT']);
    }
  });

  it('GET status shows each watermark; GET usage sums each VM once per VO', async () => {
    const status = (await api.get<Status>('/api/v1/accounting/status')).body;
    expect(status).toHaveLength(5);
    expect(new Set(status.map((s) => s.watermark)).size).toBe(1);
    expect(status.every((s) => s.lastError === null && s.site === 'simulated')).toBe(true);

    const from = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const usage = await api.get<{ group: string; vms: number; wallSeconds: number; cpuSeconds: number }[]>(
      `/api/v1/accounting/usage?from=${from}&to=${to}&groupBy=vo`,
    );
    expect(usage.status).toBe(200);
    const cloud = all.filter((r) => r.type === 'cloud');
    const expected = [...new Set(cloud.map((r) => r.vo))].sort().map((group) => {
      const mine = cloud.filter((r) => r.vo === group);
      const sum = (k: string) => mine.reduce((n, r) => n + Number(r.fields[k]), 0);
      return {
        site: 'SIM-OPENSTACK',
        group,
        vms: mine.length,
        wallSeconds: sum('WallDuration'),
        cpuSeconds: sum('CpuDuration'),
      };
    });
    expect(usage.body).toEqual(expected);
    expect((await api.get(`/api/v1/accounting/usage?from=${to}&to=${from}`)).status).toBe(400);
  });

  it('gRPC ListRecords and ListWatermarks serve the same read models, with a token', async () => {
    const seconds = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));
    type GrpcPage = {
      records: { key: string; measuredAt: { seconds: string }; fields: { fields: object } }[];
      nextCursor: string;
    };
    const first = (await unary(grpc, 'ListRecords', { type: 'cloud', limit: 5 }, READ_TOKEN)) as GrpcPage;
    const second = (await unary(
      grpc,
      'ListRecords',
      { type: 'cloud', limit: 5, cursor: first.nextCursor },
      READ_TOKEN,
    )) as GrpcPage;
    const cloud = all.filter((r) => r.type === 'cloud').slice(0, 10);
    const got = [...first.records, ...second.records];
    expect(got.map((r) => [r.key, r.measuredAt.seconds])).toEqual(
      cloud.map((r) => [r.key, seconds(r.measuredAt)]),
    );
    expect(Object.keys(got[0]!.fields.fields).sort()).toEqual(Object.keys(cloud[0]!.fields).sort());

    const marks = (await unary(grpc, 'ListWatermarks', {}, READ_TOKEN)) as {
      watermarks: { projectId: string; watermark: { seconds: string }; lastError: string }[];
    };
    const status = (await api.get<Status>('/api/v1/accounting/status')).body;
    expect(marks.watermarks.map((w) => [w.projectId, w.watermark.seconds, w.lastError])).toEqual(
      status.map((s) => [s.projectId, seconds(s.watermark), '']),
    );
    await expect(unary(grpc, 'ListWatermarks', {})).rejects.toMatchObject({ code: 16 }); // UNAUTHENTICATED
  });

  it('fedwatch accounting records | status print rancher-style tables and the REST model', async () => {
    const records = await runCli(['accounting', 'records', '--type', 'cloud', '--limit', '3'], cliEnv);
    expect(records.code).toBe(0);
    const lines = records.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TYPE {3,}KEY {3,}SITE {3,}VO {3,}PROJECT {3,}MEASURED {3,}STATUS {3,}WALL$/);
    const cloud = all.filter((r) => r.type === 'cloud');
    expect(lines.slice(1).map((l) => l.split(/ {3,}/)[1])).toEqual(cloud.slice(0, 3).map((r) => r.key));
    const page = (await api.get<Page>('/api/v1/accounting/records?type=cloud&limit=3')).body;
    expect(records.stderr).toContain(`more: --cursor ${page.nextCursor}`);
    const json = await runCli(
      ['accounting', 'records', '--type', 'cloud', '--limit', '3', '-o', 'json'],
      cliEnv,
    );
    expect(JSON.parse(json.stdout)).toEqual(page);

    const status = await runCli(['accounting', 'status'], cliEnv);
    expect(status.code).toBe(0);
    const rows = status.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^SITE {3,}PROJECT {3,}VO {3,}WATERMARK {3,}AGE {3,}LAST RUN {3,}LAST ERROR$/);
    const marks = (await api.get<Status>('/api/v1/accounting/status')).body;
    expect(rows.slice(1).map((l) => l.split(/ {3,}/).slice(0, 3))).toEqual(
      marks.map((m) => ['simulated', m.projectId, m.vo]),
    );
    const quiet = await runCli(['accounting', 'status', '-q'], cliEnv);
    expect(quiet.stdout.trim().split('\n')).toEqual(marks.map((m) => `simulated/${m.projectId}`));
  });

  it('exposes the accounting and OpenStack metrics, clean under promtool', async () => {
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const values = (re: RegExp) => [...metrics.matchAll(re)].map((m) => Number(m[1]));
    const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
    for (const type of ['cloud', 'storage']) {
      const counted = values(
        new RegExp(
          `^fedwatch_accounting_records_total\\{type="${type}",site="SIM-OPENSTACK",vo="[^"]+"\\} (\\d+)$`,
          'gm',
        ),
      );
      expect(sum(counted)).toBe(all.filter((r) => r.type === type).length);
    }
    expect(
      values(/^fedwatch_accounting_extraction_duration_seconds_count\{site="SIM-OPENSTACK"\} (\d+)$/gm),
    ).toEqual([1]);
    const ages = values(
      /^fedwatch_accounting_watermark_age_seconds\{site="simulated",project="[0-9a-f]{32}"\} ([\d.e+-]+)$/gm,
    );
    expect(ages).toHaveLength(5);
    expect(ages.every((a) => a >= 0 && a < 600)).toBe(true);
    const nova = values(
      /^fedwatch_openstack_request_duration_seconds_count\{service="compute",method="GET",code="200"\} (\d+)$/gm,
    );
    expect(sum(nova)).toBeGreaterThan(4);
    const lint = execFileSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8' });
    expect(lint.trim()).toBe('');
  });
});
