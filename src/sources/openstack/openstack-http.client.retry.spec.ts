import { afterEach, describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { freePort } from '../../../test/support/free-port.js';
import {
  requestsTo,
  startOpenStackStub,
  stubClient,
  type OpenStackStub,
  type StubReply,
} from '../../../test/support/openstack-stub.js';
import type { OpenStackHttp } from './http/openstack-http.js';

let stub: OpenStackStub | undefined;
let http: OpenStackHttp | undefined;
afterEach(async () => {
  http?.close();
  await stub?.close();
  stub = http = undefined;
});

const FLAVORS = '/compute/v2.1/flavors/detail';
const ok: StubReply = { json: { flavors: [] } };

async function rejection(promise: Promise<unknown>): Promise<FedwatchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(FedwatchError.is(err)).toBe(true);
  return err as FedwatchError;
}

/** A stub answering the flavor list with `replies` in turn, then 200. */
async function flaky(...replies: StubReply[]): Promise<OpenStackStub> {
  let call = 0;
  return startOpenStackStub(() => replies[call++] ?? ok);
}

describe('HttpOpenStackClient: retries', () => {
  it.each([400, 403, 404, 409])(
    'does not retry %i and reports SOURCE_REJECTED with the service message',
    async (status) => {
      stub = await flaky({
        status,
        json: { badRequest: { code: status, message: `computer says ${status}` } },
      });
      const built = stubClient(stub);
      http = built.http;
      const err = await rejection(built.client.listFlavors());
      expect(err.code).toBe(ErrorCode.SOURCE_REJECTED);
      expect(err.message).toBe(
        `Nova at ${stub.url}${FLAVORS} refused the request (HTTP ${status}): computer says ${status}`,
      );
      expect(requestsTo(stub, FLAVORS)).toHaveLength(1);
      expect(built.sleeps).toEqual([]);
    },
  );

  it('retries 500 and 503 with growing, jittered delays, then succeeds', async () => {
    stub = await flaky({ status: 500 }, { status: 503 });
    const built = stubClient(stub);
    http = built.http;
    await expect(built.client.listFlavors()).resolves.toEqual({ items: [], malformed: [] });
    expect(requestsTo(stub, FLAVORS)).toHaveLength(3);
    const [first, second] = built.sleeps;
    expect(first).toBeGreaterThanOrEqual(5);
    expect(first).toBeLessThanOrEqual(10);
    expect(second).toBeGreaterThanOrEqual(10);
    expect(second).toBeLessThanOrEqual(20);
  });

  it('retries 429 after the Retry-After the service asked for', async () => {
    stub = await flaky({ status: 429, headers: { 'Retry-After': '2' } });
    const built = stubClient(stub);
    http = built.http;
    await built.client.listFlavors();
    expect(built.sleeps).toEqual([2000]);
    expect(requestsTo(stub, FLAVORS)).toHaveLength(2);
  });

  it('retries a dropped connection', async () => {
    stub = await flaky({ destroy: true });
    const built = stubClient(stub);
    http = built.http;
    await expect(built.client.listFlavors()).resolves.toBeDefined();
    expect(requestsTo(stub, FLAVORS)).toHaveLength(2);
  });

  it('gives up after maxAttempts with SOURCE_UNREACHABLE naming the endpoint, never the token', async () => {
    stub = await startOpenStackStub(() => ({
      status: 503,
      body: '<html><title>503 Service Unavailable</title></html>',
    }));
    const built = stubClient(stub, { maxAttempts: 4 });
    http = built.http;
    const err = await rejection(built.client.listFlavors());
    expect(err.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
    expect(err.message).toBe(`Nova at ${stub.url}${FLAVORS} unreachable: HTTP 503 (after 4 attempts)`);
    expect(requestsTo(stub, FLAVORS)).toHaveLength(4);
    expect(built.sleeps).toHaveLength(3);
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toMatch(/tok-|s3cret/);
  });

  it('gives up on an unreachable Keystone with SOURCE_UNREACHABLE naming it', async () => {
    const port = await freePort();
    const built = stubClient({ authUrl: `http://127.0.0.1:${port}/identity/v3` } as OpenStackStub, {
      maxAttempts: 2,
    });
    http = built.http;
    const err = await rejection(built.client.listFlavors());
    expect(err.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
    expect(err.message).toMatch(
      new RegExp(
        `^Keystone at http://127.0.0.1:${port}/identity/v3/auth/tokens unreachable: .*ECONNREFUSED.*\\(after 2 attempts\\)$`,
      ),
    );
    expect(err.message).not.toContain('s3cret');
  });

  it('times out a request that does not complete in time, and retries it', async () => {
    stub = await startOpenStackStub(() => ({ ...ok, delayMs: 400 }));
    const built = stubClient(stub, { timeoutMs: 100, maxAttempts: 2 });
    http = built.http;
    const started = Date.now();
    const err = await rejection(built.client.listFlavors());
    expect(err.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
    expect(err.message).toContain('no complete response within 0.1s (after 2 attempts)');
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(requestsTo(stub, FLAVORS)).toHaveLength(2);
  });

  it('times out a body that stalls after the headers', async () => {
    stub = await startOpenStackStub(() => ({
      json: { flavors: [{ id: 'x'.repeat(200) }] },
      stallBody: true,
    }));
    const built = stubClient(stub, { timeoutMs: 100, maxAttempts: 2 });
    http = built.http;
    const err = await rejection(built.client.listFlavors());
    expect(err.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
    expect(err.message).toContain('no complete response within 0.1s (after 2 attempts)');
  });

  it('reports a non-JSON success body as SOURCE_MALFORMED with the URL', async () => {
    stub = await startOpenStackStub(() => ({ body: 'not json' }));
    const built = stubClient(stub);
    http = built.http;
    const err = await rejection(built.client.listFlavors());
    expect(err.code).toBe(ErrorCode.SOURCE_MALFORMED);
    expect(err.message).toBe(
      `Nova at ${stub.url}${FLAVORS} sent a malformed response: body is not JSON (HTTP 200)`,
    );
    expect(err.details.url).toContain(`${FLAVORS}?is_public=None&limit=1000`);
  });

  it('reports a body of the wrong shape as SOURCE_MALFORMED', async () => {
    stub = await startOpenStackStub(() => ({ json: { flavours: [] } }));
    const built = stubClient(stub);
    http = built.http;
    const err = await rejection(built.client.listFlavors());
    expect(err.code).toBe(ErrorCode.SOURCE_MALFORMED);
    expect(err.message).toContain('expected a list "flavors"');
  });

  it('maps 404 of a single server to null without retrying', async () => {
    stub = await startOpenStackStub(() => ({
      status: 404,
      json: { itemNotFound: { code: 404, message: 'gone' } },
    }));
    const built = stubClient(stub);
    http = built.http;
    await expect(built.client.getServer('gone')).resolves.toBeNull();
    expect(requestsTo(stub, '/compute/v2.1/servers/gone')).toHaveLength(1);
  });

  it('observes every attempt in fedwatch_openstack_request_duration_seconds', async () => {
    const registry = new Registry();
    stub = await flaky({ status: 503 }, { destroy: true });
    const built = stubClient(stub, { registry });
    http = built.http;
    await built.client.getServer('s1').catch(() => undefined);
    const text = await registry.metrics();
    expect(text).toContain(
      'fedwatch_openstack_request_duration_seconds_count{service="identity",method="POST",code="201"} 1',
    );
    expect(text).toContain(
      'fedwatch_openstack_request_duration_seconds_count{service="compute",method="GET",code="503"} 1',
    );
    expect(text).toContain(
      'fedwatch_openstack_request_duration_seconds_count{service="compute",method="GET",code="error"} 1',
    );
    // A second transport on the same registry reuses the histogram instead of failing to register.
    stubClient(stub, { registry }).http.close();
  });
});
