import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { novaServer, openStackSite } from '../../../test/support/openstack-fixtures.js';
import {
  APP_CREDENTIAL,
  SYSTEM_CREDENTIAL,
  requestsTo,
  startOpenStackStub,
  stubClient,
  type OpenStackStub,
} from '../../../test/support/openstack-stub.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import type { OpenStackHttp } from './http/openstack-http.js';
import { HttpOpenStackClientFactory } from './openstack-client.factory.js';

let stub: OpenStackStub | undefined;
let http: OpenStackHttp | undefined;
let factory: HttpOpenStackClientFactory | undefined;
afterEach(async () => {
  http?.close();
  await factory?.close();
  await stub?.close();
  stub = http = factory = undefined;
});

describe('HttpOpenStackClient: concurrency bound', () => {
  it('never has more than maxConcurrency requests in flight at one endpoint', async () => {
    stub = await startOpenStackStub((req) => ({
      json: { server: novaServer(req.path.split('/').pop() ?? '') },
      delayMs: 20,
    }));
    const built = stubClient(stub, { maxConcurrency: 3 });
    http = built.http;
    const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const servers = await Promise.all(ids.map((id) => built.client.getServer(id)));
    expect(servers.map((s) => s?.id)).toEqual(ids);
    expect(stub.maxInFlight).toBe(3);
    expect(requestsTo(stub, /^\/compute\/v2\.1\/servers\//)).toHaveLength(20);
  });

  it('bounds each service on its own, even when they share one host', async () => {
    stub = await startOpenStackStub((req) => ({
      json: req.path.startsWith('/image') ? { images: [] } : { flavors: [] },
      delayMs: 30,
    }));
    const built = stubClient(stub, { maxConcurrency: 1 });
    http = built.http;
    await built.client.scope();
    await Promise.all([built.client.listFlavors(), built.client.listImages(), built.client.listFlavors()]);
    expect(stub.maxInFlight).toBe(2);
  });

  it('shares one bound between the clients of a site (the factory default is maxConcurrency)', async () => {
    stub = await startOpenStackStub((req) => ({
      json: { server: novaServer(req.path.split('/').pop() ?? '') },
      delayMs: 20,
    }));
    factory = new HttpOpenStackClientFactory();
    const site = openStackSite({
      authUrl: stub.authUrl,
      maxConcurrency: 2,
      credential: SYSTEM_CREDENTIAL,
      vos: [{ name: 'vo.a', project: 'p-a', credential: APP_CREDENTIAL }],
    });
    const { site: system } = factory.forSite(site);
    expect(factory.forSite({ ...site }).site).toBe(system); // kept: tokens and sockets survive runs
    expect(factory.forSite({ ...site, timeoutSeconds: 9 }).site).not.toBe(system); // a changed entry: new clients
    const { site: again } = factory.forSite(site);
    expect(again).not.toBe(system);
    const current = factory.forSite(site);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? current.site : current.vos[0].client)?.getServer(`s${i}`),
      ),
    );
    expect(stub.maxInFlight).toBe(2);
  });
});

describe('HttpOpenStackClient: custom CA bundle', () => {
  let dir: string;
  const pem = (name: string) => readFileSync(join(dir, name), 'utf8');

  beforeAll(() => {
    dir = tempDir('fedwatch-openstack-ca-');
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    for (const ca of ['ca', 'other-ca']) {
      openssl(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${ca}.key`,
        '-out',
        `${ca}.pem`,
        '-days',
        '2',
        '-subj',
        `/CN=fedwatch test ${ca}`,
      );
    }
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=127.0.0.1',
    );
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    openssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'san.ext',
    );
  });

  it('trusts an endpoint signed by the CA of caBundle', async () => {
    stub = await startOpenStackStub(() => ({ json: { server: novaServer('s1') } }), {
      tls: { key: pem('server.key'), cert: pem('server.pem') },
    });
    factory = new HttpOpenStackClientFactory();
    const { site } = factory.forSite(
      openStackSite({ authUrl: stub.authUrl, caBundle: join(dir, 'ca.pem'), credential: SYSTEM_CREDENTIAL }),
    );
    await expect(site?.getServer('s1')).resolves.toMatchObject({ id: 's1' });
  });

  it('fails at once and clearly with the wrong CA (no retries)', async () => {
    stub = await startOpenStackStub(() => ({ json: {} }), {
      tls: { key: pem('server.key'), cert: pem('server.pem') },
    });
    const built = stubClient(stub, { caPem: pem('other-ca.pem'), maxAttempts: 4 });
    http = built.http;
    const err = (await built.client.scope().catch((e: unknown) => e)) as FedwatchError;
    expect(err.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
    expect(err.message).toMatch(
      new RegExp(`^Keystone at ${stub.url}/identity/v3/auth/tokens unreachable: .*certificate`),
    );
    expect(err.message).toContain('is the right CA in caBundle?');
    expect(stub.requests).toHaveLength(0);
    expect(built.sleeps).toEqual([]);
  });

  it('reports an unreadable caBundle as CONFIG_INVALID naming the site and path', () => {
    factory = new HttpOpenStackClientFactory();
    const missing = join(dir, 'missing.pem');
    expect(() =>
      factory?.forSite(openStackSite({ caBundle: missing, credential: SYSTEM_CREDENTIAL })),
    ).toThrow(
      expect.objectContaining({
        code: ErrorCode.CONFIG_INVALID,
        message: expect.stringContaining(`site site-a: caBundle ${missing}`),
      }),
    );
  });
});
