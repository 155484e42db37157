/**
 * The outbox through the built service (`fedwatch serve` on PostgreSQL, API tokens, no destination
 * enabled): REST, gRPC, /metrics and the `fedwatch outbox` CLI. Outbox rows are put in place with
 * the real writer on a second connection, standing in for a producer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { DataSource } from 'typeorm';
import { messageIdOf } from '../../src/publishing/message-id.js';
import { OutboxWriterService } from '../../src/publishing/outbox-writer.service.js';
import { FakeMessageDestination } from '../fakes/fake-message-destination.js';
import { fedwatchClient, unary } from '../support/grpc-client.js';
import { createTestDatabase } from '../support/postgres.js';
import { runCli, startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const ADMIN_TOKEN = 'adm-Ob7x2Kq9Lw4Zp';
const READ_TOKEN = 'rd-Ob3Vn8Hs1Xc6T';
const BODY = 'APEL-cloud-message: v0.4\nVMUUID: e2e-outbox-1\n%%\n';

function publishingClient(port: number): Client & Record<string, never> {
  return fedwatchClient('publishing.proto', 'PublishingService', port) as unknown as Client &
    Record<string, never>;
}

describe('the outbox through the built service', () => {
  let db: { url: string; drop(): Promise<void> };
  let producer: DataSource;
  let service: ServiceProcess;
  let env: Record<string, string>;
  const failingId = messageIdOf(BODY);

  const post = (path: string, token?: string, body: unknown = {}) =>
    fetch(`${service.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const get = (path: string, token = READ_TOKEN) =>
    fetch(`${service.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    db = await createTestDatabase('fw_e2e_outbox');
    service = await startServiceProcess({
      env: {
        DATABASE_URL: db.url,
        FEDWATCH_API__TOKENS: JSON.stringify([
          { name: 'ops', role: 'admin', token: ADMIN_TOKEN },
          { name: 'grafana', role: 'read', token: READ_TOKEN },
        ]),
      },
    });
    env = { FEDWATCH_URL: service.baseUrl, FEDWATCH_TOKEN: READ_TOKEN, FEDWATCH_CLI_DIR: service.dataDir };
    // A producer of another instance, for which `amqp` is enabled; this service has no destination.
    producer = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    const amqp = new FakeMessageDestination('amqp', ['accounting.cloud']);
    const writer = new OutboxWriterService([amqp], { wake() {} });
    const msg = { contentType: 'text/plain', recordCount: 1, site: 'E2E-SITE' };
    await producer.transaction((m) =>
      writer.enqueue(m, [
        { ...msg, kind: 'accounting.cloud', body: BODY },
        { ...msg, kind: 'accounting.cloud', body: `${BODY}2` },
        { ...msg, kind: 'accounting.ip', body: `${BODY}ip` },
      ]),
    );
    await producer.query(
      `UPDATE outbox_delivery d SET attempts = 2, last_error = 'NO_ROUTE: no queue bound', last_attempt_at = now(),
              last_failure_reason = 'unroutable', next_attempt_at = now() + interval '1 hour'
         FROM outbox_message m WHERE m.id = d.outbox_message_id AND m.message_id = $1`,
      [failingId],
    );
  });

  afterAll(async () => {
    await service?.stop('SIGKILL');
    if (producer?.isInitialized) await producer.destroy();
    await db?.drop();
  });

  it('fedwatch outbox status prints a rancher-style table and notes what needs attention', async () => {
    const res = await runCli(['outbox', 'status'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^KIND {3,}DESTINATION {3,}PENDING {3,}PUBLISHED {3,}FAILING {3,}OLDEST {3,}LAST ERROR$/,
    );
    expect(lines[1]).toMatch(
      /^accounting\.cloud {3,}amqp {3,}2 {3,}0 {3,}1 {3,}\d+s {3,}unroutable: NO_ROUTE: no queue bound \(1 unroutable\)$/,
    );
    expect(lines[2]).toMatch(/^accounting\.ip {3,}- {3,}- .*1 stored, no destination takes it$/);
    expect(res.stdout).toContain('no destination is enabled');
    expect(res.stdout).toMatch(/unroutable: the broker returned 1 message\(s\)/);
  });

  it('-o json prints the REST model of GET /api/v1/outbox', async () => {
    const res = await runCli(['outbox', 'status', '-o', 'json'], env);
    expect(res.code).toBe(0);
    type Status = { rows: Record<string, unknown>[]; kinds: Record<string, unknown>[] };
    const fromCli = JSON.parse(res.stdout) as Status;
    const fromRest = (await (await get('/api/v1/outbox')).json()) as Status;
    const withoutAges = (s: Status) => ({
      ...s,
      rows: s.rows.map((r) => ({ ...r, oldestPendingAgeSeconds: 0 })),
      kinds: s.kinds.map((k) => ({ ...k, oldestPendingAgeSeconds: 0 })),
    });
    expect(withoutAges(fromCli)).toEqual(withoutAges(fromRest));
    expect(fromCli).toMatchObject({
      unroutable: 1,
      destinations: [{ name: 'amqp', enabled: false, status: 'disabled', lastFailureReason: 'unroutable' }],
    });
    const yaml = await runCli(['-o', 'yaml', 'outbox', 'status'], env);
    expect(yaml.stdout).toContain('unroutable: 1');
  });

  it('lists, and shows one message with its body; an unknown id is NOT_FOUND', async () => {
    const ls = await runCli(['outbox', 'ls', '--state', 'failing'], env);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/^ID {3,}MESSAGE ID {3,}KIND/);
    expect(ls.stdout).toContain(failingId.slice(0, 12));
    expect(ls.stdout).not.toContain('VMUUID');
    const show = await runCli(['outbox', 'show', failingId], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('VMUUID: e2e-outbox-1');
    expect(show.stdout).toMatch(/^amqp {3,}pending {3,}2 /m);
    const missing = await runCli(['outbox', 'show', messageIdOf('nothing')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('[NOT_FOUND]');
  });

  it('POST /api/v1/outbox/retry needs the admin role', async () => {
    expect((await post('/api/v1/outbox/retry')).status).toBe(401);
    const asReader = await post('/api/v1/outbox/retry', READ_TOKEN, { id: failingId });
    expect(asReader.status).toBe(403);
    expect(((await asReader.json()) as { code: string }).code).toBe('FORBIDDEN');
    const asAdmin = await post('/api/v1/outbox/retry', ADMIN_TOKEN, { id: failingId });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.json()).toEqual({ retried: 1, messageId: failingId });

    const denied = await runCli(['outbox', 'retry'], env);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('admin');
    const all = await runCli(['outbox', 'retry', '--token', ADMIN_TOKEN, '-o', 'json'], env);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ retried: 0, messageId: null });
  });

  it('serves fedwatch.v1.PublishingService over gRPC with the same roles', async () => {
    const client = publishingClient(service.grpcPort);
    await expect(unary(client, 'GetStatus', {})).rejects.toMatchObject({ code: 16 });
    const status = (await unary(client, 'GetStatus', {}, READ_TOKEN)) as {
      unroutable: string;
      rows: unknown[];
    };
    expect(status.unroutable).toBe('1');
    expect(status.rows).toEqual([
      expect.objectContaining({ kind: 'accounting.cloud', destination: 'amqp', pending: '2', failing: '1' }),
    ]);
    const msg = (await unary(client, 'GetMessage', { id: failingId }, READ_TOKEN)) as Record<string, unknown>;
    expect(msg).toMatchObject({ messageId: failingId, body: BODY, state: 'failing' });
    await expect(unary(client, 'Retry', {}, READ_TOKEN)).rejects.toMatchObject({ code: 7 });
    expect(await unary(client, 'Retry', {}, ADMIN_TOKEN)).toEqual({ retried: '0', messageId: '' });
    client.close();
  });

  it('exposes the outbox metrics and documents the REST endpoints', async () => {
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^fedwatch_outbox_pending_messages\{kind="accounting.cloud"\} 2$/m);
    expect(metrics).toMatch(/^fedwatch_outbox_oldest_pending_age_seconds\{kind="accounting.cloud"\} \d/m);
    const lint = execFileSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8' });
    expect(lint.trim()).toBe('');
    const doc = (await (await fetch(`${service.baseUrl}/api/docs-json`)).json()) as { paths: object };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/outbox',
        '/api/v1/outbox/messages',
        '/api/v1/outbox/{id}',
        '/api/v1/outbox/retry',
      ]),
    );
  });

  it('stops on SIGTERM with exit code 0', async () => {
    expect(await service.stop('SIGTERM')).toBe(0);
    expect(service.output()).not.toContain(ADMIN_TOKEN);
  });
});
