import { describe, expect, it } from '@jest/globals';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { AppConfig, OpenStackSite } from '../../config/config.types.js';
import {
  FakeOpenStackClient,
  FakeOpenStackClientFactory,
} from '../../../test/fakes/fake-openstack-client.js';
import { glanceImage, openStackSite } from '../../../test/support/openstack-fixtures.js';
import { sampleCloud } from '../../../test/support/openstack-sample-cloud.js';
import { APP_CREDENTIAL } from '../../../test/support/openstack-stub.js';
import { IssuerCaReader } from './issuer-ca.js';
import { OpenStackGlueInputCollector } from './openstack-glue-input.collector.js';

const NOW = new Date('2026-11-26T12:00:00Z');

class FixedIssuer extends IssuerCaReader {
  constructor(private readonly answer: string | Error) {
    super();
  }
  async issuerOf(): Promise<string | null> {
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

const project = (id: string) => ({ kind: 'project' as const, projectId: id, projectName: `name-${id}` });

function setup(
  sites: OpenStackSite[],
  clients: ConstructorParameters<typeof FakeOpenStackClientFactory>[0],
  issuer: string | Error = '/C=NL/CN=Test CA',
) {
  const config: Pick<AppConfig, 'site' | 'openstack' | 'discovery'> = {
    site: { name: 'SITE-A', gocdbId: '1234G0' },
    openstack: { sites },
    discovery: {
      gocdbUrl: null,
      gocdbCacheSeconds: 86_400,
      validitySeconds: 3600,
      flavorSelection: 'all',
      outputDir: 'discovery/glue21',
    },
  };
  return new OpenStackGlueInputCollector({
    config,
    clients: new FakeOpenStackClientFactory(clients),
    gocdb: null,
    issuerCa: new FixedIssuer(issuer),
    producerVersion: '1.2.3',
  });
}

describe('OpenStackGlueInputCollector', () => {
  const vos = [
    { name: 'vo.one', project: 'p1', credential: APP_CREDENTIAL },
    { name: 'vo.two', project: 'p2', credential: APP_CREDENTIAL },
  ];

  it('reads each VO with its credential, fails a VO bound to another project, reads Nova once', async () => {
    const cloud = { ...sampleCloud(), quotas: { p1: { instances: 5 } } };
    const one = new FakeOpenStackClient(cloud, project('p1'));
    const misbound = new FakeOpenStackClient(cloud, project('p9'));
    const site = openStackSite({ vos });
    const collector = setup([site], {
      'site-a': {
        site: null,
        vos: [
          { vo: vos[0]!, client: one },
          { vo: vos[1]!, client: misbound },
        ],
      },
    });
    const { inputs, warnings } = await collector.collect(NOW);
    const [input] = inputs;
    expect(input).toMatchObject({
      site: { name: 'SITE-A', gocdbId: '1234G0' },
      endpoint: { url: site.authUrl, issuerCa: '/C=NL/CN=Test CA', authType: 'applicationCredential' },
      validitySeconds: 3600,
      flavorSelection: 'all',
      producerVersion: '1.2.3',
      now: NOW,
    });
    expect(input!.shares).toEqual([
      expect.objectContaining({
        vo: 'vo.one',
        projectId: 'p1',
        projectName: 'name-p1',
        quotas: { instances: 5 },
      }),
      {
        vo: 'vo.two',
        projectId: 'p2',
        error: 'the credential of VO vo.two is bound to project p9, not to the configured project p2',
      },
    ]);
    expect(one.count('getNovaVersion') + misbound.count('getNovaVersion')).toBe(1);
    expect(one.calls.find((c) => c.method === 'listImages')!.args[0]).toEqual({ status: 'active' });
    expect(warnings).toEqual([]);
  });

  it('fails every share with the setup error and warns about the issuer and a shared gocdbId', async () => {
    const broken = openStackSite({ name: 'site-b', vos, caBundle: '/missing.pem' });
    const other = openStackSite({ name: 'site-c', vos: [] });
    const collector = setup(
      [broken, other],
      {
        'site-b': () => {
          throw new FedwatchError(
            ErrorCode.CONFIG_INVALID,
            'OpenStack site site-b: caBundle /missing.pem cannot be read',
          );
        },
        'site-c': { site: null, vos: [] },
      },
      new Error('connect ECONNREFUSED'),
    );
    const { inputs, warnings } = await collector.collect(NOW);
    expect(inputs[0]!.shares.map((s) => s.error)).toEqual([
      'OpenStack site site-b: caBundle /missing.pem cannot be read',
      'OpenStack site site-b: caBundle /missing.pem cannot be read',
    ]);
    expect(inputs[0]!.endpoint).toMatchObject({ novaVersion: null, catalog: [], issuerCa: null });
    expect(warnings.filter((w) => w.site === 'site-b').map((w) => [w.subject, w.message])).toEqual([
      ['gocdb', expect.stringContaining('site.gocdbId 1234G0 is published for every OpenStack site')],
      ['issuerCa', 'connect ECONNREFUSED: published without IssuerCA'],
    ]);
    expect(warnings.filter((w) => w.site === 'site-c').map((w) => w.subject)).toEqual([
      'vos',
      'gocdb',
      'issuerCa',
    ]);
  });

  it('reads voMap projects with the system credential, keeping the images the project sees', async () => {
    const cloud = {
      ...sampleCloud(),
      images: [
        glanceImage('mine', { owner: 'p3', visibility: 'private' }),
        glanceImage('theirs', { owner: 'p1', visibility: 'private' }),
        glanceImage('public', { owner: 'admin', visibility: 'public' }),
        glanceImage('queued', { owner: 'admin', visibility: 'public', status: 'queued' }),
      ],
    };
    const system = new FakeOpenStackClient(cloud, { kind: 'system' });
    const site = openStackSite({ credential: { ...APP_CREDENTIAL }, voMap: { p3: 'vo.three' } });
    const { inputs } = await setup([site], { 'site-a': { site: system, vos: [] } }).collect(NOW);
    const [share] = inputs[0]!.shares;
    expect(share).toMatchObject({
      vo: 'vo.three',
      projectId: 'p3',
      projectName: 'project-p3',
      projectDomainName: null,
    });
    if (share?.error !== undefined) throw new Error(`share failed: ${share?.error}`);
    expect(share.images.map((i) => i.id)).toEqual(['mine', 'public']);
  });
});
