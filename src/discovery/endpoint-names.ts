import type { OpenStackSite } from '../config/config.types.js';
import type { GlueBuildInput } from './glue/index.js';

/**
 * The configured entry name (`openstack.sites[].name`) of each collected input. The collector
 * returns one input per configured site in configuration order; the Keystone URL confirms the
 * pairing, and an input that does not pair by position is looked up by URL (then named after it).
 */
export function endpointNames(inputs: readonly GlueBuildInput[], sites: readonly OpenStackSite[]): string[] {
  return inputs.map((input, i) => {
    const url = input.endpoint.url;
    if (sites[i]?.authUrl === url) return sites[i].name;
    return sites.find((s) => s.authUrl === url)?.name ?? url;
  });
}

/**
 * The file name of an endpoint's document: its name with anything but letters, digits, `.`, `_` and
 * `-` replaced by `_`, never starting with a dot, so a name from the configuration cannot leave the
 * output directory or hide the file.
 */
export function documentFileName(endpoint: string): string {
  const safe = endpoint.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  return `${safe || '_'}.json`;
}
