import { afterEach, describe, expect, it } from '@jest/globals';
import { ErrorCode } from '../../common/errors/index.js';
import {
  APP_CREDENTIAL,
  APP_PROJECT,
  requestsTo,
  startOpenStackStub,
  stubClient,
  type OpenStackStub,
} from '../../../test/support/openstack-stub.js';
import type { OpenStackHttp } from './http/openstack-http.js';
import { versionRoot } from './readers/nova.reader.js';

let stub: OpenStackStub | undefined;
let http: OpenStackHttp | undefined;
afterEach(async () => {
  http?.close();
  await stub?.close();
  stub = http = undefined;
});

const VERSION = { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1', links: [] };
const QUOTAS = { id: APP_PROJECT, instances: 10, cores: 20, ram: 51200, floating_ips: -1 };

describe('HttpOpenStackClient: what discovery reads', () => {
  it("reads Nova's version document at the compute root", async () => {
    stub = await startOpenStackStub((req) =>
      req.path === '/compute/v2.1/' ? { json: { version: VERSION } } : { status: 404 },
    );
    const built = stubClient(stub);
    http = built.http;
    expect(await built.client.getNovaVersion()).toEqual(VERSION);
  });

  it('answers null when Nova has no version document and SOURCE_MALFORMED for a wrong one', async () => {
    let body: unknown = { version: { id: 'v2.1' } };
    stub = await startOpenStackStub(() => (body === null ? { status: 404 } : { json: body }));
    const built = stubClient(stub);
    http = built.http;
    await expect(built.client.getNovaVersion()).rejects.toMatchObject({
      code: ErrorCode.SOURCE_MALFORMED,
      message: expect.stringContaining('version: version'),
    });
    body = null;
    expect(await built.client.getNovaVersion()).toBeNull();
  });

  it('reads quotas without a microversion, and null when Nova forbids them', async () => {
    stub = await startOpenStackStub((req) =>
      req.path === `/compute/v2.1/os-quota-sets/${APP_PROJECT}`
        ? { json: { quota_set: QUOTAS } }
        : {
            status: 403,
            json: {
              forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-quota-sets:show" },
            },
          },
    );
    const built = stubClient(stub, { credential: APP_CREDENTIAL });
    http = built.http;
    expect(await built.client.getQuotas(APP_PROJECT)).toEqual(QUOTAS);
    expect(await built.client.getQuotas('another-project')).toBeNull();
    const [request] = requestsTo(stub, `/compute/v2.1/os-quota-sets/${APP_PROJECT}`);
    expect(request!.headers['openstack-api-version']).toBeUndefined();
  });

  it("tells the token's project domain and catalog", async () => {
    stub = await startOpenStackStub(() => ({ status: 404 }));
    const app = stubClient(stub, { credential: APP_CREDENTIAL });
    const system = stubClient(stub);
    const details = await app.client.tokenDetails();
    expect(details).toMatchObject({
      scope: { kind: 'project', projectId: APP_PROJECT, projectName: 'demo' },
      projectDomainName: 'Default',
    });
    expect(details.catalog.map((s) => s.type)).toContain('image');
    expect((await system.client.tokenDetails()).projectDomainName).toBeNull();
    app.http.close();
    system.http.close();
  });
});

describe('versionRoot', () => {
  it.each([
    ['https://nova.example.org:8774/v2.1', 'https://nova.example.org:8774/v2.1'],
    ['https://nova.example.org:8774/v2.1/', 'https://nova.example.org:8774/v2.1'],
    [
      'https://nova.example.org:8774/v2.1/0123456789abcdef0123456789abcdef',
      'https://nova.example.org:8774/v2.1',
    ],
    [
      'https://cloud.example.org/compute/v2/0123456789ABCDEF0123456789abcdef',
      'https://cloud.example.org/compute/v2',
    ],
    ['https://cloud.example.org/compute/v2.1/servers', 'https://cloud.example.org/compute/v2.1/servers'],
  ])('%s → %s', (endpoint, root) => expect(versionRoot(new URL(endpoint)).href).toBe(root));
});
