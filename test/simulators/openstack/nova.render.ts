/** Server JSON as a given caller at a given microversion sees it; cached per view. */
import type { Json, SimServer } from './model.js';
import type { SimState } from './state.js';

/** Keys added at a microversion (absent below it). */
const SINCE: [key: string, minor: number][] = [
  ['OS-EXT-SRV-ATTR:reservation_id', 3],
  ['OS-EXT-SRV-ATTR:launch_index', 3],
  ['OS-EXT-SRV-ATTR:hostname', 3],
  ['OS-EXT-SRV-ATTR:kernel_id', 3],
  ['OS-EXT-SRV-ATTR:ramdisk_id', 3],
  ['OS-EXT-SRV-ATTR:root_device_name', 3],
  ['OS-EXT-SRV-ATTR:user_data', 3],
  ['locked', 9],
  ['host_status', 16],
  ['description', 19],
  ['tags', 26],
  ['trusted_image_certificates', 63],
  ['locked_reason', 73],
];
/** Distinct views: a cache key needs only how many of these thresholds the version passes. */
const THRESHOLDS = [3, 9, 16, 19, 26, 47, 63, 73];
const ADMIN_ONLY = (key: string) => key.startsWith('OS-EXT-SRV-ATTR:') || key === 'host_status';

export interface NovaView {
  minor: number;
  /** Admin: admin-only attributes and other projects. */
  admin: boolean;
  /** May see flavor extra specs (policy `os-flavor-extra-specs:index`). */
  specs: boolean;
}

function build(state: SimState, server: SimServer, view: NovaView): Json {
  const base = state.baseUrl;
  const dropped = new Set(SINCE.filter(([, minor]) => view.minor < minor).map(([key]) => key));
  const out: Json = {};
  for (const [key, value] of Object.entries(server.api)) {
    if (dropped.has(key) || (!view.admin && ADMIN_ONLY(key))) continue;
    if (key === 'flavor') {
      out.flavor =
        view.minor < 47
          ? {
              id: server.flavorId,
              links: [{ rel: 'bookmark', href: `${base}/compute/flavors/${server.flavorId}` }],
            }
          : view.specs
            ? value
            : { ...(value as Json), extra_specs: undefined };
    } else if (key === 'image' && value !== '') {
      const id = (value as Json).id as string;
      out.image = { id, links: [{ rel: 'bookmark', href: `${base}/compute/images/${id}` }] };
    } else if (key === 'fault' && !view.admin) {
      out.fault = { ...(value as Json), details: undefined };
    } else out[key] = value;
    if (key === 'accessIPv6') {
      out.links = [
        { rel: 'self', href: `${base}/compute/v2.1/servers/${server.id}` },
        { rel: 'bookmark', href: `${base}/compute/servers/${server.id}` },
      ];
    }
  }
  return out;
}

function malform(state: SimState, server: SimServer, obj: Json): Json {
  switch (state.faults.malformation(server.id)) {
    case 'missing-created':
      delete obj.created;
      break;
    case 'unknown-status':
      obj.status = 'FROBNICATING';
      obj['OS-EXT-STS:vm_state'] = 'frobnicating';
      break;
    case 'null-flavor':
      obj.flavor = null;
      break;
  }
  return obj;
}

/** The server's JSON text; a `non-json` malformation is applied by the caller (it breaks the page). */
export function renderServer(state: SimState, server: SimServer, view: NovaView): string {
  if (state.faults.malformation(server.id))
    return JSON.stringify(malform(state, server, build(state, server, view)));
  const bucket = THRESHOLDS.filter((t) => view.minor >= t).length;
  const key = `${server.id}|${bucket}|${view.admin ? 1 : 0}|${view.specs ? 1 : 0}`;
  let text = state.renderCache.get(key);
  if (text === undefined) {
    text = JSON.stringify(build(state, server, view));
    state.renderCache.set(key, text);
  }
  return text;
}

/** `{"<key>": [items…], "<key>_links": …}`, truncated mid-server when one is malformed as `non-json`. */
export function renderList(
  state: SimState,
  key: string,
  servers: SimServer[],
  items: string[],
  links: Json[] | null,
): string {
  let body = `{"${key}":[${items.join(',')}]`;
  if (links) body += `,"${key}_links":${JSON.stringify(links)}`;
  body += '}';
  const broken = servers.findIndex((s) => state.faults.malformation(s.id) === 'non-json');
  if (broken < 0) return body;
  const at = body.indexOf(`"id":"${servers[broken]!.id}"`);
  return `${body.slice(0, at + 60)}\n<html><body><h1>502 Bad Gateway</h1></body></html>`;
}
