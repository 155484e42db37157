/** Microversion negotiation for Nova (`compute 2.x`) and Cinder (`volume 3.x`). */
import type { IncomingMessage } from 'node:http';
import { novaFault, type Reply } from './http.js';

export interface VersionRange {
  service: 'compute' | 'volume';
  major: number;
  min: number;
  max: number;
  /** Nova's older header, `X-OpenStack-Nova-API-Version: 2.47`. */
  legacyHeader?: string;
}

export const NOVA: VersionRange = {
  service: 'compute',
  major: 2,
  min: 1,
  max: 93,
  legacyHeader: 'x-openstack-nova-api-version',
};
export const CINDER: VersionRange = { service: 'volume', major: 3, min: 0, max: 70 };

/** The requested minor version, or the 406 reply for an unsupported one. */
export function negotiate(req: IncomingMessage, range: VersionRange): { minor: number } | { reply: Reply } {
  let requested: string | undefined;
  const header = req.headers['openstack-api-version'];
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [service, version] = part.trim().split(/\s+/);
    if (service?.toLowerCase() === range.service && version) requested = version;
  }
  if (requested === undefined && range.legacyHeader) {
    const legacy = req.headers[range.legacyHeader];
    requested = Array.isArray(legacy) ? legacy[0] : legacy;
  }
  if (requested === undefined) return { minor: range.min };
  if (requested.toLowerCase() === 'latest') return { minor: range.max };
  const m = /^(\d+)\.(\d+)$/.exec(requested.trim());
  const minor = m && Number(m[1]) === range.major ? Number(m[2]) : NaN;
  if (!(minor >= range.min && minor <= range.max)) {
    const message = `Version ${requested} is not supported by the API. Minimum is ${range.major}.${range.min} and maximum is ${range.major}.${range.max}.`;
    return { reply: novaFault(406, message) };
  }
  return { minor };
}

/** Headers a microversioned response carries. */
export function versionHeaders(range: VersionRange, minor: number): Record<string, string> {
  const v = `${range.major}.${minor}`;
  const headers: Record<string, string> = {
    'OpenStack-API-Version': `${range.service} ${v}`,
    Vary: 'OpenStack-API-Version',
  };
  if (range.legacyHeader) {
    headers['X-OpenStack-Nova-API-Version'] = v;
    headers.Vary = 'OpenStack-API-Version, X-OpenStack-Nova-API-Version';
  }
  return headers;
}
