import { describe, expect, it } from '@jest/globals';
import { keystoneProject } from '../../../../test/support/openstack-fixtures.js';
import { resolveVo } from './project-vo.js';

const site = { voProperty: 'VO', voMap: { mapped: 'vo.mapped' } };

describe('resolveVo', () => {
  it('reads the configured property first, then accounting:VO', () => {
    expect(resolveVo(keystoneProject('p', { VO: 'vo.a', 'accounting:VO': 'vo.b' }), site)).toBe('vo.a');
    expect(resolveVo(keystoneProject('p', { 'accounting:VO': ' vo.b ' }), site)).toBe('vo.b');
    expect(
      resolveVo(keystoneProject('p', { egi_vo: 'vo.c', VO: 'vo.a' }), { ...site, voProperty: 'egi_vo' }),
    ).toBe('vo.c');
  });

  it('falls back to voMap, then the VO whose credential reads the project, else null', () => {
    expect(resolveVo(keystoneProject('mapped', { VO: '' }), site)).toBe('vo.mapped');
    expect(resolveVo(keystoneProject('p'), site, 'vo.cred')).toBe('vo.cred');
    expect(resolveVo(keystoneProject('p', { VO: 42 }), site)).toBeNull();
  });
});
