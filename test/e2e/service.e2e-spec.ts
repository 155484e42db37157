/**
 * The built service as a user runs it (`fedwatch serve` on the embedded database, API tokens
 * configured), checked over REST, gRPC, /metrics and the CLI; and, at the end, that no configured
 * secret appears in its logs or in any response.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { healthClient, listServices, reflectionClient, systemClient, unary } from '../support/grpc-client.js';
import { runCli, startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const ADMIN_TOKEN = 'adm-Zq8v3TfK2pLx9W';
const READ_TOKEN = 'rd-Hn4Ue7Ms1Yc6Ra';
const RANCHER_TOKEN = 'token-abcde:Rg5Vb8Nw2Kq7Lp3Xs9Ty';

describe('fedwatch serve (embedded database)', () => {
  let service: ServiceProcess;
  let configDir: string;
  const responses: string[] = [];

  async function get(path: string, token?: string): Promise<{ status: number; body: string; type: string }> {
    const res = await fetch(`${service.baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const body = await res.text();
    responses.push(body);
    return { status: res.status, body, type: res.headers.get('content-type') ?? '' };
  }

  beforeAll(async () => {
    configDir = mkdtempSync(join(tmpdir(), 'fedwatch-e2e-config-'));
    writeFileSync(join(configDir, 'rancher-token'), RANCHER_TOKEN + '\n');
    writeFileSync(
      join(configDir, 'fedwatch.yaml'),
      [
        'site:',
        '  name: E2E-SITE',
        '  gocdbId: 999G0',
        'api:',
        '  tokens:',
        '    - { name: ops, role: admin, token: ' + ADMIN_TOKEN + ' }',
        '    - { name: grafana, role: read, token: ' + READ_TOKEN + ' }',
        'rancher:',
        '  servers:',
        '    - { name: main, url: "https://rancher.example.org", tokenFile: rancher-token }',
      ].join('\n'),
    );
    service = await startServiceProcess({ env: { FEDWATCH_CONFIG: join(configDir, 'fedwatch.yaml') } });
  });

  afterAll(async () => {
    await service?.stop('SIGKILL');
    rmSync(configDir, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz with the database up', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body).details.database).toMatchObject({ status: 'up', mode: 'embedded' });
  });

  it('serves Prometheus metrics that promtool accepts', async () => {
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toMatch(/^fedwatch_build_info\{version="0\.1\.0",node_version="v\d+/m);
    expect(metrics.body).toContain('# TYPE fedwatch_job_duration_seconds histogram');
    expect(metrics.body).not.toContain('nodejs_active_handles_total');
    const lint = execFileSync('promtool', ['check', 'metrics'], { input: metrics.body, encoding: 'utf8' });
    expect(lint.trim()).toBe('');
  });

  it('publishes an OpenAPI document that covers the REST API', async () => {
    const docs = await get('/api/docs-json');
    expect(docs.status).toBe(200);
    const doc = JSON.parse(docs.body);
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/system',
        '/api/v1/jobs',
        '/api/v1/jobs/{id}/run',
        '/healthz',
        '/readyz',
      ]),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect((await get('/api/docs')).status).toBe(200);
  });

  it('refuses REST calls without a valid token and state changes without the admin role', async () => {
    const none = await get('/api/v1/system');
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    expect((await get('/api/v1/system', 'not-a-token')).status).toBe(401);
    const info = await get('/api/v1/system', READ_TOKEN);
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({
      siteName: 'E2E-SITE',
      gocdbId: '999G0',
      databaseMode: 'embedded',
    });

    const asReader = await fetch(`${service.baseUrl}/api/v1/jobs/healthProbe/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });
    responses.push(await asReader.text());
    expect(asReader.status).toBe(403);
    const asAdmin = await fetch(`${service.baseUrl}/api/v1/jobs/healthProbe/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const outcome = await asAdmin.json();
    responses.push(JSON.stringify(outcome));
    expect(asAdmin.status).toBe(201);
    expect(outcome).toMatchObject({ jobId: 'healthProbe', status: 'succeeded' });
    const unknown = await get('/api/v1/jobs/no.such.job', READ_TOKEN);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).code).toBe('NOT_FOUND');
  });

  it('serves gRPC health, reflection and the system service with token checks', async () => {
    const health = await unary(healthClient(service.grpcPort), 'Check', { service: '' });
    expect(health).toMatchObject({ status: 'SERVING' });
    const services = await listServices(reflectionClient(service.grpcPort));
    expect(services).toEqual(expect.arrayContaining(['fedwatch.v1.SystemService', 'grpc.health.v1.Health']));

    const system = systemClient(service.grpcPort);
    await expect(unary(system, 'GetInfo', {})).rejects.toMatchObject({ code: 16 }); // UNAUTHENTICATED
    const info = (await unary(system, 'GetInfo', {}, READ_TOKEN)) as Record<string, unknown>;
    expect(info).toMatchObject({ name: 'fedwatch', siteName: 'E2E-SITE', databaseMode: 'embedded' });
    const jobs = (await unary(system, 'ListJobs', {}, READ_TOKEN)) as {
      jobs: { id: string; runsTotal: string }[];
    };
    expect(jobs.jobs.find((j) => j.id === 'healthProbe')?.runsTotal).not.toBe('0');
  });

  it('works as the CLI backend: status, jobs ls, jobs run, with json and yaml output', async () => {
    const env = { FEDWATCH_URL: service.baseUrl, FEDWATCH_TOKEN: READ_TOKEN, FEDWATCH_CLI_DIR: configDir };
    const table = await runCli(['jobs', 'ls'], env);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID {8,}SCHEDULE {3,}LAST/);
    expect(table.stdout).toMatch(/^healthProbe {3,}every 30s/m);

    const json = await runCli(['status', '--output', 'json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ siteName: 'E2E-SITE', version: '0.1.0' });
    const yaml = await runCli(['-o', 'yaml', 'status'], env);
    expect(yaml.stdout).toContain('siteName: E2E-SITE');

    const denied = await runCli(['jobs', 'run', 'healthProbe'], env);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('admin');
    const run = await runCli(['jobs', 'run', 'healthProbe', '--token', ADMIN_TOKEN], env);
    expect(run.stderr + run.stdout).toContain('succeeded');
    expect(run.code).toBe(0);

    const noToken = await runCli(['status'], { FEDWATCH_URL: service.baseUrl, FEDWATCH_CLI_DIR: configDir });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/token/i);
    responses.push(
      table.stdout,
      json.stdout,
      yaml.stdout,
      denied.stderr,
      run.stdout,
      run.stderr,
      noToken.stderr,
    );
  });

  it('refuses a second process on the same data directory', async () => {
    const second = await runCli(['db', 'migrate'], { FEDWATCH_DATA_DIR: service.dataDir });
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('DATA_DIR_LOCKED');
    expect(second.stderr).toContain(service.dataDir);
  });

  it('stops on SIGTERM with exit code 0, and never logged or returned a secret', async () => {
    const code = await service.stop('SIGTERM');
    expect(code).toBe(0);
    const everything = service.output() + responses.join('\n');
    expect(service.output()).toContain('"msg":"stopped"');
    for (const secret of [ADMIN_TOKEN, READ_TOKEN, RANCHER_TOKEN, RANCHER_TOKEN.split(':')[1]]) {
      expect(everything).not.toContain(secret);
    }
  });
});
