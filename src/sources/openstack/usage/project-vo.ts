import type { OpenStackSite } from '../../../config/config.types.js';
import type { KeystoneProject } from '../openstack.types.js';

/** Accepted besides the configured key: cASO's documentation names this one (apel.md §6). */
const ALTERNATE_VO_PROPERTY = 'accounting:VO';

/**
 * A project's VO (apel.md §6): the Keystone property `voProperty` (default `VO`) or
 * `accounting:VO`, else the site's `voMap`, else the VO whose credential reads the project.
 * Null when none applies: the caller reports the project as an error.
 */
export function resolveVo(
  project: KeystoneProject,
  site: Pick<OpenStackSite, 'voProperty' | 'voMap'>,
  credentialVo?: string,
): string | null {
  for (const key of [site.voProperty, ALTERNATE_VO_PROPERTY]) {
    const value = project[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  const mapped = site.voMap[project.id];
  if (mapped) return mapped;
  return credentialVo ?? null;
}
