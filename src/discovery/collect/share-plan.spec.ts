import { describe, expect, it } from '@jest/globals';
import type { OpenStackCredential, OpenStackSite } from '../../config/config.types.js';
import { planShares } from './share-plan.js';

const app = (id: string): OpenStackCredential => ({ type: 'applicationCredential', id, secret: 's' });
const system: OpenStackCredential = {
  type: 'password',
  username: 'reader',
  password: 'p',
  userDomain: 'Default',
  scope: { system: 'all' },
};

function site(overrides: Partial<OpenStackSite>): OpenStackSite {
  return {
    name: 'cloud',
    siteName: 'EXAMPLE-SITE',
    authUrl: 'https://keystone.example.org:5000/v3',
    region: null,
    interface: 'public',
    caBundle: null,
    credential: null,
    vos: [],
    projects: { select: 'all', ids: [], tag: 'caso' },
    voProperty: 'VO',
    voMap: {},
    timeoutSeconds: 30,
    maxConcurrency: 8,
    ...overrides,
  };
}

describe('planShares (glue-cloud-info.md §4: VO → project from configuration)', () => {
  it('takes every vos[] entry with its own credential, in order', () => {
    const plan = planShares(
      site({
        vos: [
          { name: 'vo.b.eu', project: 'p2', credential: app('a2') },
          { name: 'vo.a.eu', project: 'p1', credential: system },
        ],
      }),
    );
    expect(plan).toEqual([
      {
        vo: 'vo.b.eu',
        projectId: 'p2',
        via: { kind: 'vo', index: 0 },
        credentialType: 'applicationCredential',
      },
      { vo: 'vo.a.eu', projectId: 'p1', via: { kind: 'vo', index: 1 }, credentialType: 'password' },
    ]);
  });

  it('adds voMap projects no vos[] entry covers, read with the site credential', () => {
    const plan = planShares(
      site({
        credential: system,
        vos: [{ name: 'vo.a.eu', project: 'p1', credential: app('a1') }],
        voMap: { p1: 'vo.other.eu', p3: 'vo.c.eu' },
      }),
    );
    expect(plan.map((t) => [t.vo, t.projectId, t.via.kind])).toEqual([
      ['vo.a.eu', 'p1', 'vo'],
      ['vo.c.eu', 'p3', 'site'],
    ]);
  });

  it('ignores voMap without a site credential, and plans nothing without VOs', () => {
    expect(planShares(site({ voMap: { p3: 'vo.c.eu' } }))).toEqual([]);
    expect(planShares(site({ credential: system }))).toEqual([]);
  });
});
