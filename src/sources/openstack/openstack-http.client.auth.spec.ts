import { afterEach, describe, expect, it } from '@jest/globals';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { novaServer } from '../../../test/support/openstack-fixtures.js';
import {
  APP_CREDENTIAL,
  APP_PROJECT,
  requestsTo,
  startOpenStackStub,
  stubClient,
  type OpenStackStub,
} from '../../../test/support/openstack-stub.js';
import type { OpenStackHttp } from './http/openstack-http.js';

let stub: OpenStackStub | undefined;
let http: OpenStackHttp | undefined;
afterEach(async () => {
  http?.close();
  await stub?.close();
  stub = http = undefined;
});

const serverReply = { json: { server: novaServer('s1') } };

async function rejection(promise: Promise<unknown>): Promise<FedwatchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(FedwatchError.is(err)).toBe(true);
  return err as FedwatchError;
}

describe('HttpOpenStackClient: Keystone authentication', () => {
  it('authenticates once and reuses the token for later requests', async () => {
    stub = await startOpenStackStub(() => serverReply);
    const built = stubClient(stub);
    http = built.http;
    const { client } = built;
    await Promise.all([client.getServer('s1'), client.getServer('s1'), client.getServer('s1')]);
    await client.getServer('s1');
    expect(stub.tokensIssued).toHaveLength(1);
    expect(requestsTo(stub, '/compute/v2.1/servers/s1').map((r) => r.headers['x-auth-token'])).toEqual(
      Array(4).fill('tok-1'),
    );
  });

  it('sends the application credential without scope and the password credential with system scope', async () => {
    stub = await startOpenStackStub(() => serverReply);
    const app = stubClient(stub, { credential: APP_CREDENTIAL });
    const system = stubClient(stub);
    expect(await app.client.scope()).toEqual({
      kind: 'project',
      projectId: APP_PROJECT,
      projectName: 'demo',
    });
    expect(await system.client.scope()).toEqual({ kind: 'system' });
    const [appAuth, systemAuth] = requestsTo(stub, '/identity/v3/auth/tokens', 'POST').map((r) => r.body);
    expect(appAuth).toEqual({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: 'app-1', secret: 's3cret-app' },
        },
      },
    });
    expect(systemAuth).toMatchObject({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { name: 'Default' } } },
        },
        scope: { system: { all: true } },
      },
    });
    app.http.close();
    system.http.close();
  });

  it('re-issues the token shortly before it expires', async () => {
    let now = Date.now();
    stub = await startOpenStackStub(() => serverReply, { tokenLifetimeMs: 60 * 60_000, now: () => now });
    const built = stubClient(stub, { now: () => now });
    http = built.http;
    await built.client.getServer('s1');
    now += 50 * 60_000; // 10 minutes left: still reused
    await built.client.getServer('s1');
    expect(stub.tokensIssued).toHaveLength(1);
    now += 6 * 60_000; // 4 minutes left: inside the 5-minute margin
    await built.client.getServer('s1');
    expect(stub.tokensIssued).toHaveLength(2);
  });

  it("measures the token lifetime on Keystone's clock, so a skewed clock does not force re-auths", async () => {
    stub = await startOpenStackStub(() => serverReply, { now: () => Date.now() - 2 * 3_600_000 });
    const built = stubClient(stub);
    http = built.http;
    await built.client.getServer('s1');
    await built.client.getServer('s1');
    expect(stub.tokensIssued).toHaveLength(1);
  });

  it('re-authenticates exactly once when a service answers 401, then succeeds', async () => {
    stub = await startOpenStackStub(() => serverReply);
    const built = stubClient(stub);
    http = built.http;
    await built.client.getServer('s1');
    stub.validTokens.clear(); // the service revokes tok-1
    await expect(built.client.getServer('s1')).resolves.toMatchObject({ id: 's1' });
    expect(stub.tokensIssued).toEqual(['tok-1', 'tok-2']);
  });

  it('gives up with SOURCE_REJECTED when the fresh token is refused too (one re-auth only)', async () => {
    stub = await startOpenStackStub(() => ({ status: 401, json: { error: { code: 401, message: 'nope' } } }));
    const built = stubClient(stub);
    http = built.http;
    const err = await rejection(built.client.getServer('s1'));
    expect(err.code).toBe(ErrorCode.SOURCE_REJECTED);
    expect(err.message).toContain('rejected a freshly issued Keystone token');
    expect(stub.tokensIssued).toHaveLength(2);
    expect(requestsTo(stub, '/compute/v2.1/servers/s1')).toHaveLength(2);
  });

  it('names the rejected application credential, never its secret', async () => {
    stub = await startOpenStackStub(() => serverReply);
    const built = stubClient(stub, {
      credential: { type: 'applicationCredential', id: 'app-1', secret: 'wrong-secret-123' },
    });
    http = built.http;
    const err = await rejection(built.client.getServer('s1'));
    expect(err.code).toBe(ErrorCode.SOURCE_REJECTED);
    expect(err.message).toBe(`Keystone at ${stub.url}/identity/v3 rejected the application credential app-1`);
    expect(JSON.stringify(err)).not.toContain('wrong-secret-123');
    expect(String(err.stack)).not.toContain('wrong-secret-123');
    // Wrong credentials are final: no retry of POST /auth/tokens.
    expect(requestsTo(stub, '/identity/v3/auth/tokens', 'POST')).toHaveLength(1);
  });

  it('names the rejected password user, never the password or a token', async () => {
    stub = await startOpenStackStub(() => serverReply, { passwords: { admin: 'other' } });
    const built = stubClient(stub);
    http = built.http;
    const err = await rejection(built.client.scope());
    expect(err.message).toContain('rejected the password of user admin (domain Default)');
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toMatch(/s3cret|tok-/);
  });

  it('reports a Keystone that answers without X-Subject-Token as SOURCE_MALFORMED', async () => {
    stub = await startOpenStackStub(() => serverReply, {
      auth: () => ({ status: 201, json: { token: { expires_at: '2099-01-01T00:00:00Z' } } }),
    });
    const built = stubClient(stub);
    http = built.http;
    const err = await rejection(built.client.scope());
    expect(err.code).toBe(ErrorCode.SOURCE_MALFORMED);
    expect(err.message).toContain('X-Subject-Token');
  });

  it('picks the endpoint of the configured interface from the catalog', async () => {
    stub = await startOpenStackStub(() => serverReply);
    const built = stubClient(stub, { interface: 'internal' });
    http = built.http;
    await built.client.getServer('s1');
    expect(requestsTo(stub, '/internal/compute/v2.1/servers/s1')).toHaveLength(1);
  });

  it('says which service is missing from the catalog', async () => {
    stub = await startOpenStackStub(() => serverReply);
    const built = stubClient(stub, { interface: 'admin' });
    http = built.http;
    const err = await rejection(built.client.getServer('s1'));
    expect(err.code).toBe(ErrorCode.SOURCE_REJECTED);
    expect(err.message).toContain('has no compute endpoint for interface admin');
    expect(err.details.reason).toBe('no-endpoint');
  });
});
