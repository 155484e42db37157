/**
 * Discovery through the built service (`fedwatch serve` on PostgreSQL and RabbitMQ) against the
 * OpenStack simulator over HTTPS with its GOCDB: the `discovery` job builds the GLUE 2.1 document,
 * which REST (with ETag/304), gRPC, the data-dir file, /metrics and `fedwatch discovery show` all
 * serve alike and which reaches a consumer of the exchange once; an unchanged rebuild is not
 * published again. `fedwatch discovery render --dry-run` builds a valid document from the file alone,
 * whose counts agree with the simulator's seeded data.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { validateGlueDocument } from '../../src/discovery/glue/glue-document.validator.js';
import { startOpenStackSimulator, type OpenStackSimulator } from '../simulators/openstack/index.js';
import { fedwatchClient, unary } from '../support/grpc-client.js';
import { ADMIN_TOKEN, PublishingBed, READ_TOKEN, sha256 } from '../support/publishing-bed.js';
import { runCli, type ServiceProcess } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';

type Doc = Record<string, Record<string, unknown>[]>;
const GLUE = '/api/v1/discovery/glue21';

describe('discovery over REST, gRPC, the data directory, /metrics, the CLI and AMQP', () => {
  let bed: PublishingBed;
  let sim: OpenStackSimulator;
  let service: ServiceProcess;
  let configFile: string;
  let grpc: ReturnType<typeof fedwatchClient>;
  let cliEnv: Record<string, string>;
  let body: string;
  let etag: string;

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${service.baseUrl}${path}`, { headers: { authorization: `Bearer ${READ_TOKEN}`, ...headers } });
  const runJob = async () => {
    const res = await fetch(`${service.baseUrl}/api/v1/jobs/discovery/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { status: string; reason?: string; details: Record<string, number> };
  };

  beforeAll(async () => {
    bed = await PublishingBed.open('discovery');
    sim = await startOpenStackSimulator({
      seed: 'discovery-e2e',
      projects: 3,
      servers: 24,
      tls: true,
      gocdb: true,
    });
    configFile = join(tempDir('fedwatch-e2e-discovery-'), 'fedwatch.yaml');
    // Only the test's own runs build: the scheduled run at start (runAtStart, within 5 s) would race
    // the 404 before the first build, the build counts in /metrics and the stored document.
    writeFileSync(configFile, 'schedules:\n  discovery: { every: 30m, enabled: false }\n', { mode: 0o600 });
    await sim.writeConfig(configFile, { perVo: true });
    service = await bed.start({ FEDWATCH_CONFIG: configFile });
    grpc = fedwatchClient('discovery.proto', 'DiscoveryService', service.grpcPort);
    cliEnv = { FEDWATCH_URL: service.baseUrl, FEDWATCH_TOKEN: READ_TOKEN, FEDWATCH_CLI_DIR: service.dataDir };
  });
  afterAll(async () => {
    grpc?.close();
    await bed?.close();
    await sim?.close();
  });

  it('answers 404 with a clear message before the first build', async () => {
    const res = await get(GLUE);
    expect(res.status).toBe(404);
    const error = (await res.json()) as { code: string; message: string };
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/no GLUE document has been built for endpoint simulated yet/);
    const status = (await (await get('/api/v1/discovery')).json()) as { endpoints: { builtAt: unknown }[] };
    expect(status.endpoints).toEqual([expect.objectContaining({ endpoint: 'simulated', builtAt: null })]);
  });

  it('builds, validates and publishes the document when the discovery job runs', async () => {
    const outcome = await runJob();
    expect(outcome).toMatchObject({
      status: 'succeeded',
      details: { endpoints: 1, published: 1, failed: 0 },
    });
    const res = await get(GLUE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    body = await res.text();
    etag = res.headers.get('etag')!;
    expect(etag).toBe(`"${sha256(body)}"`);
    const doc = JSON.parse(body) as Doc;
    expect(validateGlueDocument(doc)).toEqual({ valid: true });
    expect(doc.CloudComputingService[0].OtherInfo).toEqual({
      gocdb_id: sim.gocdb!.primaryKey,
      site_name: 'SIM-OPENSTACK',
    });
    expect(doc.CloudComputingEndpoint[0].URL).toBe(sim.authUrl);
    expect(doc.Share.length).toBeGreaterThanOrEqual(3);
  });

  it('answers 304 to If-None-Match with the ETag, and the document to another tag', async () => {
    const same = await get(GLUE, { 'if-none-match': etag });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    expect(same.headers.get('etag')).toBe(etag);
    expect((await get(`${GLUE}?endpoint=simulated`, { 'if-none-match': '"stale", W/' + etag })).status).toBe(
      304,
    );
    const other = await get(GLUE, { 'if-none-match': '"stale"' });
    expect([other.status, await other.text()]).toEqual([200, body]);
    expect((await get(`${GLUE}?endpoint=elsewhere`)).status).toBe(404);
  });

  it('serves the same document over gRPC, with the status, and asks for a token', async () => {
    const document = (await unary(grpc, 'GetDocument', {}, READ_TOKEN)) as Record<string, unknown>;
    expect(document).toMatchObject({ endpoint: 'simulated', siteName: 'SIM-OPENSTACK', json: body, etag });
    const status = (await unary(grpc, 'GetStatus', {}, READ_TOKEN)) as {
      endpoints: { endpoint: string; counts: { shares: number }; publishedMessageId: string }[];
    };
    const shares = (JSON.parse(body) as Doc).Share.length;
    expect(status.endpoints).toEqual([
      expect.objectContaining({ endpoint: 'simulated', counts: expect.objectContaining({ shares }) }),
    ]);
    expect(status.endpoints[0].publishedMessageId).toBe(sha256(body));
    await expect(unary(grpc, 'GetDocument', {}, undefined)).rejects.toMatchObject({ code: 16 });
    await expect(unary(grpc, 'GetDocument', { endpoint: 'elsewhere' }, READ_TOKEN)).rejects.toMatchObject({
      code: 5,
    });
  });

  it('writes the latest document to <dataDir>/discovery/glue21/<endpoint>.json', () => {
    expect(readFileSync(join(service.dataDir, 'discovery', 'glue21', 'simulated.json'), 'utf8')).toBe(body);
  });

  it('publishes it once to the exchange as discovery.glue21', async () => {
    const received = await bed.consumer.waitFor(1, 20_000, 500);
    expect(received).toHaveLength(1);
    const [m] = received;
    expect(m.fields.routingKey).toBe('discovery.glue21');
    expect(m.properties).toMatchObject({ contentType: 'application/json', messageId: sha256(body) });
    expect(m.content.toString('utf8')).toBe(body);
  });

  it('keeps an unchanged rebuild as the latest without publishing it again', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // a new CreationTime, to the microsecond anyway
    const outcome = await runJob();
    expect(outcome).toMatchObject({ status: 'succeeded', details: { published: 0, unchanged: 1 } });
    const res = await get(GLUE, { 'if-none-match': etag });
    expect(res.status).toBe(200);
    const rebuilt = await res.text();
    expect(rebuilt).not.toBe(body);
    expect(readFileSync(join(service.dataDir, 'discovery', 'glue21', 'simulated.json'), 'utf8')).toBe(
      rebuilt,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(bed.consumer.messages).toHaveLength(1);
    expect(await bed.outbox()).toHaveLength(1);
    body = rebuilt;
  });

  it('exports the discovery metrics', async () => {
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const shares = (JSON.parse(body) as Doc).Share.length;
    expect(metrics).toMatch(/^fedwatch_discovery_documents_built_total 2$/m);
    expect(metrics).toMatch(/^fedwatch_discovery_documents_published_total 1$/m);
    expect(metrics).toMatch(/^fedwatch_discovery_build_failures_total\{reason="invalid"\} 0$/m);
    expect(metrics).toContain(`fedwatch_discovery_shares{endpoint="simulated"} ${shares}`);
    expect(metrics).toMatch(/^fedwatch_discovery_instance_types\{endpoint="simulated"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^fedwatch_discovery_images\{endpoint="simulated"\} [1-9]\d*$/m);
    const published =
      /^fedwatch_discovery_last_published_timestamp_seconds\{endpoint="simulated"\} (\S+)$/m.exec(metrics);
    expect(Math.abs(Number(published![1]) - Date.now() / 1000)).toBeLessThan(120);
  });

  it('documents both routes in OpenAPI, with the endpoint choice and the 304', async () => {
    const docs = (await (await fetch(`${service.baseUrl}/api/docs-json`)).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[]; responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(docs.paths['/api/v1/discovery'].get.responses)).toContain('200');
    const glue = docs.paths[GLUE].get;
    expect(glue.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['endpoint', 'If-None-Match']));
    expect(Object.keys(glue.responses)).toEqual(expect.arrayContaining(['200', '304', '404']));
  });

  it('fedwatch discovery show prints the objects, and with -o json|yaml the document', async () => {
    const json = await runCli(['discovery', 'show', '-o', 'json'], cliEnv);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(body));
    const yaml = await runCli(['discovery', 'show', '-o', 'yaml'], cliEnv);
    expect(yaml.stdout).toMatch(/^CloudComputingService:\n/);
    const table = await runCli(['discovery', 'show'], cliEnv);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CLASS\s+ID\s+NAME$/);
    expect(lines[1]).toMatch(
      /^CloudComputingService\s+\S+_cloud\.compute\s+Cloud Compute service at SIM-OPENSTACK$/,
    );
    const status = await runCli(['discovery', 'status'], cliEnv);
    expect(status.stdout).toMatch(/^ENDPOINT\s+SITE\s+BUILT\s+PUBLISHED\s+SHARES/);
    expect(status.stdout).toMatch(/\nsimulated\s+SIM-OPENSTACK\s+\S+Z\s+\S+Z\s+\d+/);
  });

  it('fedwatch discovery render --dry-run builds a valid document from the config file alone', async () => {
    const now = '2026-11-26T12:00:00.000Z';
    // A database it could not reach: it must not try.
    const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', FEDWATCH_DATA_DIR: tempDir('fw-dry-') };
    const result = await runCli(['discovery', 'render', '--dry-run', '--now', now, '-c', configFile], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]) as Doc;
    expect(validateGlueDocument(doc)).toEqual({ valid: true });
    expect(doc.CloudComputingService[0].CreationTime).toBe('2026-11-26T12:00:00.000000+00:00');
    expect(doc.Share.length).toBe((JSON.parse(body) as Doc).Share.length);
    const refused = await runCli(['discovery', 'render', '-c', configFile], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--dry-run/);
  });

  it('fedwatch discovery render --dry-run counts shares, flavors, images and VMs as the simulator seeded them', async () => {
    const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', FEDWATCH_DATA_DIR: tempDir('fw-dry-') };
    const result = await runCli(['discovery', 'render', '--dry-run', '-c', configFile], env);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as Doc;
    // Expected numbers from the configuration file and the simulator's data, not from the collector.
    const { openstack } = YAML.parse(readFileSync(configFile, 'utf8')) as {
      openstack: { sites: { vos: { name: string; project: string }[] }[] };
    };
    const vos = openstack.sites[0].vos;
    expect(vos.map((vo) => vo.project).sort()).toEqual(sim.data.projects.map((p) => p.id).sort());
    const publicFlavors = sim.data.flavors.filter(
      (f) => !f.deleted && f.api['os-flavor-access:is_public'] === true && 'vcpus' in f.api,
    );
    const visibleImages = (projectId: string) =>
      sim.data.images.filter(
        (i) =>
          i.status === 'active' &&
          i.os_hidden !== true &&
          (i.visibility === 'public' || i.visibility === 'community' || i.owner === projectId),
      );
    const vmCounts = (projectId: string) => {
      const live = sim.data.servers.filter((s) => s.projectId === projectId && !s.deleted);
      const status = (wanted: string) => live.filter((s) => s.api.status === wanted).length;
      return {
        TotalVM: live.length,
        RunningVM: live.length - status('SHUTOFF') - status('SUSPENDED'),
        SuspendedVM: status('SUSPENDED'),
        HaltedVM: status('SHUTOFF'),
      };
    };
    const sorted = (values: unknown[]) => values.map(String).sort();
    const ofShare = (key: string, shareId: unknown) =>
      doc[key].filter((o) => (o.Associations as Record<string, unknown[]>).Share[0] === shareId);

    expect(doc.Share).toHaveLength(vos.length);
    expect(doc.MappingPolicy).toHaveLength(vos.length);
    expect(doc.CloudComputingInstanceType).toHaveLength(publicFlavors.length * vos.length);
    expect(doc.CloudComputingImage).toHaveLength(
      vos.reduce((total, vo) => total + visibleImages(vo.project).length, 0),
    );
    for (const vo of vos) {
      const share = doc.Share.find((s) => s.ProjectID === vo.project)!;
      expect(share.Name).toBe(`${vo.name} - ${vo.project} share`);
      expect(share).toMatchObject({ ...vmCounts(vo.project), MaxVM: sim.data.quotas[vo.project]!.instances });
      expect(sorted(ofShare('CloudComputingInstanceType', share.ID).map((t) => t.ID))).toEqual(
        sorted(publicFlavors.map((f) => f.id)),
      );
      expect(sorted(ofShare('CloudComputingImage', share.ID).map((i) => i.ID))).toEqual(
        sorted(visibleImages(vo.project).map((i) => i.id)),
      );
    }
    const live = sim.data.servers.filter((s) => !s.deleted);
    // Not vacuous: every count and the image filter have something to tell apart.
    expect(live.map((s) => s.api.status)).toEqual(expect.arrayContaining(['ACTIVE', 'SHUTOFF', 'SUSPENDED']));
    expect(sim.data.servers.some((s) => s.deleted)).toBe(true);
    expect(sim.data.images.some((i) => i.status !== 'active')).toBe(true);
    expect(doc.CloudComputingService[0]).toMatchObject({
      Complexity: `endpointType=1,share=${vos.length}`,
      TotalVM: live.length,
      RunningVM: live.filter((s) => s.api.status !== 'SHUTOFF' && s.api.status !== 'SUSPENDED').length,
      HaltedVM: live.filter((s) => s.api.status === 'SHUTOFF').length,
      SuspendedVM: live.filter((s) => s.api.status === 'SUSPENDED').length,
    });
    expect(doc.AccessPolicy[0].Rule).toEqual(vos.map((vo) => `VO:${vo.name}`));
  });
});
