/**
 * GOCDB's public API, `get_service` only (glue-cloud-info.md §3), on its own listener: the
 * simulated site's Keystone URL registered as `org.openstack.nova`, after near misses (another
 * scheme, another path, another site) that a sloppy URL comparison would pick instead.
 */
import { raw, type Ctx, type Reply } from './http.js';
import { createRng } from './prng.js';
import type { Route } from './router.js';

export const GOCDB_PATH = '/gocdbpi/public/';

/** The registration discovery must find; the primary key follows from the seed. */
export interface SimGocdb {
  primaryKey: string;
  siteName: string;
  /** The Keystone URL as registered: the simulator's, with a trailing slash. */
  url: string;
}

export interface Registration {
  primaryKey: string;
  siteName: string;
  hostname: string;
  url: string;
  endpoints: string[];
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One `SERVICE_ENDPOINT` in GOCDB's layout (the elements fedwatch reads, and some it does not). */
function serviceEndpoint(r: Registration, id: number): string {
  const endpoints = r.endpoints
    .map(
      (url, i) =>
        `      <ENDPOINT>\n        <ID>${id * 10 + i}</ID>\n        <NAME>${escape(r.siteName)} endpoint ${i}</NAME>\n` +
        `        <EXTENSIONS/>\n        <URL>${escape(url)}</URL>\n        <INTERFACENAME>org.openstack.nova</INTERFACENAME>\n      </ENDPOINT>\n`,
    )
    .join('');
  return (
    `  <SERVICE_ENDPOINT PRIMARY_KEY="${r.primaryKey}">\n` +
    `    <PRIMARY_KEY>${r.primaryKey}</PRIMARY_KEY>\n    <HOSTNAME>${escape(r.hostname)}</HOSTNAME>\n` +
    `    <GOCDB_PORTAL_URL>${escape(`https://goc.egi.eu/portal/index.php?Page_Type=Service&id=${id}`)}</GOCDB_PORTAL_URL>\n` +
    `    <BETA>N</BETA>\n    <SERVICE_TYPE>org.openstack.nova</SERVICE_TYPE>\n    <CORE/>\n` +
    `    <IN_PRODUCTION>Y</IN_PRODUCTION>\n    <NODE_MONITORED>Y</NODE_MONITORED>\n` +
    `    <SITENAME>${escape(r.siteName)}</SITENAME>\n    <COUNTRY_NAME>Netherlands</COUNTRY_NAME>\n` +
    `    <COUNTRY_CODE>NL</COUNTRY_CODE>\n    <ROC_NAME>NGI_NL</ROC_NAME>\n` +
    `    <URL>${escape(r.url)}</URL>\n    <ENDPOINTS>\n${endpoints}    </ENDPOINTS>\n` +
    `    <SCOPES>\n      <SCOPE>EGI</SCOPE>\n      <SCOPE>FedCloud</SCOPE>\n    </SCOPES>\n    <EXTENSIONS/>\n` +
    `  </SERVICE_ENDPOINT>\n`
  );
}

/** The registrations: near misses first, the simulated site's last. */
export function gocdbRegistrations(seed: number | string, authUrl: string, siteName: string) {
  const rng = createRng(`${String(seed)}/gocdb`);
  const key = () => `${rng.int(1000, 99999)}G0`;
  const url = new URL(authUrl);
  const otherScheme = url.protocol === 'https:' ? 'http:' : 'https:';
  const near: Registration[] = [
    {
      primaryKey: key(),
      siteName: 'OTHER-CLOUD',
      hostname: 'keystone.other-cloud.example.org',
      url: 'https://keystone.other-cloud.example.org:5000/v3',
      endpoints: ['https://keystone.other-cloud.example.org:5000/v3', 'https://nova.other-cloud.example.org'],
    },
    {
      primaryKey: key(),
      siteName: 'SIM-SCHEME-TWIN',
      hostname: url.hostname,
      url: `${otherScheme}//${url.host}${url.pathname}`,
      endpoints: [],
    },
    {
      primaryKey: key(),
      siteName: 'SIM-PATH-TWIN',
      hostname: url.hostname,
      url: `${url.origin}/identity/v2.0`,
      endpoints: [`${url.origin}/identity`],
    },
  ];
  const own: Registration = {
    primaryKey: key(),
    siteName,
    hostname: url.hostname,
    url: `${authUrl.replace(/\/+$/, '')}/`,
    endpoints: [],
  };
  return { all: [...near, own], own: { primaryKey: own.primaryKey, siteName, url: own.url } };
}

function getService(ctx: Ctx, registrations: Registration[]): Reply {
  const method = ctx.query.get('method');
  if (method !== 'get_service') {
    return raw(
      400,
      `<?xml version="1.0" encoding="UTF-8"?>\n<error>Unsupported method: ${escape(String(method))}</error>\n`,
      'text/xml',
    );
  }
  const type = ctx.query.get('service_type');
  const listed = type === null || type === 'org.openstack.nova' ? registrations : [];
  const body = listed.map((r, i) => serviceEndpoint(r, 8000 + i)).join('');
  return raw(
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<results>\n${body}</results>\n`,
    'text/xml; charset=UTF-8',
  );
}

export function gocdbRoutes(registrations: Registration[]): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/gocdbpi\/public\/?$/,
      auth: false,
      handle: (ctx) => getService(ctx, registrations),
    },
  ];
}
