/**
 * `fedwatch accounting extract --dry-run --out-dir DIR` as an operator runs it before switching a
 * site over: against the OpenStack simulator, with no service and no database. Every message it
 * writes must be one the APEL server accepts (shared/reference/apel.md), checked record by record.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startOpenStackSimulator, type OpenStackSimulator } from '../simulators/openstack/index.js';
import {
  CLOUD_HEADER,
  checkCloudMessage,
  checkStorageMessage,
  cloudRecords,
  storageRecordIds,
} from '../support/apel-checker.js';
import { createTestDatabase } from '../support/postgres.js';
import { repoRoot, runCli, type CliResult } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';

const GOLDEN = join(repoRoot, 'src', 'accounting', 'records', '__golden__');
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const FROM = new Date(NOW.getTime() - 7 * 86_400_000);

describe('fedwatch accounting extract --dry-run', () => {
  let sim: OpenStackSimulator;
  let db: { url: string; drop(): Promise<void> };
  let dir: string;
  let out: string;
  let result: CliResult;

  beforeAll(async () => {
    sim = await startOpenStackSimulator({
      seed: 'accounting-dry-run-e2e',
      projects: 4,
      servers: 800,
      now: NOW,
    });
    db = await createTestDatabase('fw_e2e_acc_dry');
    dir = tempDir('fedwatch-e2e-dry-run-');
    out = join(dir, 'out');
    await sim.writeConfig(join(dir, 'fedwatch.yaml'));
    result = await runCli(
      ['accounting', 'extract', '--dry-run', '--out-dir', out, '-c', join(dir, 'fedwatch.yaml')].concat([
        '--from',
        FROM.toISOString(),
        '--to',
        NOW.toISOString(),
      ]),
      // A database and a data dir it could have used: it must touch neither.
      { DATABASE_URL: db.url, FEDWATCH_DATA_DIR: join(dir, 'data') },
      dir,
    );
  });
  afterAll(async () => {
    await sim?.close();
    await db?.drop();
  });

  const files = (kind: string) =>
    readdirSync(join(out, kind))
      .sort()
      .map((name) => ({ name, body: readFileSync(join(out, kind, name), 'utf8') }));

  it('the checker accepts the reference examples and rejects what the APEL server rejects', () => {
    const cloud = readFileSync(join(GOLDEN, 'apel-12-cloud-message.golden.txt'), 'utf8');
    const storage = readFileSync(join(GOLDEN, 'apel-3.4-storage-message.golden.txt'), 'utf8');
    expect(checkCloudMessage(cloud, { windowEnd: 1793494800 })).toEqual([]);
    expect(checkStorageMessage(storage)).toEqual([]);
    const broken: [string, RegExp][] = [
      [cloud.replace('v0.4', 'v0.3'), /header/],
      [cloud.replace('MachineName: worker-01', 'MachineName: wörker'), /ASCII/],
      [cloud.replace('Memory: 4096', 'Memory: 4096.5'), /Memory not an integer/],
      [cloud.replace('Memory: 4096', 'Colour: blue'), /unknown key Colour/],
      [cloud.replace('VMUUID: 3f0d5c9e-8a51-4a8e-9d55-1c2b7e0a9f10', 'VMUUID: None'), /VMUUID is null/],
      [
        cloud.replace('StartTime: 1793491800', 'StartTime: 1793491000'),
        /WallDuration 1830 ≠ EndTime − StartTime/,
      ],
      [cloud.replace('WallDuration: 315900', 'WallDuration: 315000'), /WallDuration 315000 ≠ window end/],
      [cloud.replace('EndTime: 1793493630', 'EndTime: 0'), /EndTime 0 with Status completed/],
      [cloud.replace('CpuDuration: 631800', 'CpuDuration: 315900'), /CpuDuration 315900 ≠/],
      [cloud.replace('WallDuration: 1830', 'WallDuration: 0'), /WallDuration 0 < 1/],
      [
        cloud.replace(
          'Benchmark: 12.5\nBenchmarkType: HEPscore23\n',
          'BenchmarkType: HEPscore23\nBenchmark: 12.5\n',
        ),
        /sorted/,
      ],
      [cloud.replace('Disk: 40\n', 'Disk: 40\n\n'), /line without ':'/],
      [`${CLOUD_HEADER}\n${Array(101).fill(cloud.split('\n%%\n')[1]).join('\n%%\n')}\n`, /101 records/],
      [storage.replace('2011/02/storagerecord', '2011/02/other'), /root is/],
      [storage.replace('</sr:Site>', '</sr:Sit>'), /not well-formed/],
      [storage.replace('53687091200', '5.3e10'), /ResourceCapacityUsed/],
      [storage.replace(/<sr:StorageSystem>.*<\/sr:StorageSystem>/, ''), /StorageSystem missing/],
    ];
    for (const [body, why] of broken) {
      const problems = body.startsWith('<')
        ? checkStorageMessage(body)
        : checkCloudMessage(body, { windowEnd: 1793494800 });
      expect(problems.join('\n')).toMatch(why);
    }
  });

  it('writes DIR/<kind>/NNNNNN.msg for cloud and storage records, and touches no database', async () => {
    expect(result.stderr).not.toMatch(/project .*:/); // no project failed, no record was skipped
    expect(result.code).toBe(0);
    for (const kind of ['accounting.cloud', 'accounting.storage']) {
      const names = files(kind).map((f) => f.name);
      expect(names.length).toBeGreaterThan(1);
      expect(names).toEqual(names.map((_, i) => `${String(i + 1).padStart(6, '0')}.msg`));
      expect(result.stdout).toContain(`${join(out, kind)}: ${names.length} message(s)`);
    }
    expect(readdirSync(out).sort()).toEqual(['accounting.cloud', 'accounting.storage']);
    expect(existsSync(join(dir, 'data'))).toBe(false);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const found = await client.query(
        `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
      );
      expect(found.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('every record of every message follows apel.md', () => {
    const cloud = files('accounting.cloud');
    const storage = files('accounting.storage');
    for (const f of cloud)
      expect({ [f.name]: checkCloudMessage(f.body, { windowEnd: NOW.getTime() / 1000 }) }).toEqual({
        [f.name]: [],
      });
    for (const f of storage) expect({ [f.name]: checkStorageMessage(f.body) }).toEqual({ [f.name]: [] });

    // Split at the limit: some message carries exactly 100 records.
    const counts = cloud.map((f) => cloudRecords(f.body).length);
    expect(Math.max(...counts)).toBe(100);
    // Each VM once, each volume once; non-ASCII names arrive made ASCII; all states covered.
    const records = cloud.flatMap((f) => cloudRecords(f.body));
    const vms = records.map((r) => r.VMUUID!);
    expect(new Set(vms).size).toBe(vms.length);
    const volumes = storage.flatMap((f) => storageRecordIds(f.body));
    expect(new Set(volumes).size).toBe(volumes.length);
    expect(volumes.length).toBeGreaterThan(100);
    expect(new Set(records.map((r) => r.Status))).toEqual(
      new Set(['started', 'completed', 'error', 'paused', 'suspended', 'unknown']),
    );
    expect(records.some((r) => r.EndTime === '0') && records.some((r) => r.EndTime !== '0')).toBe(true);
    const nonAscii = sim.data.servers.filter((s) => s.kinds.includes('non-ascii')).map((s) => s.id);
    expect(vms.filter((id) => nonAscii.includes(id)).length).toBeGreaterThan(0);
  });
});
