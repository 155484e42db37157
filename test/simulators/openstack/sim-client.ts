/** A minimal client for tests and benchmarks that talk to the simulator directly (global fetch). */
import { startOpenStackSimulator, type OpenStackSimulator } from './index.js';
import type { Json } from './model.js';

export interface Issued {
  token: string;
  body: Json;
}

async function issue(sim: OpenStackSimulator, auth: Json): Promise<Issued> {
  const res = await fetch(`${sim.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth }),
  });
  if (res.status !== 201) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return { token: res.headers.get('x-subject-token')!, body: (await res.json()) as Json };
}

/** System-scoped password token of the reader user. */
export function systemToken(sim: OpenStackSimulator): Promise<Issued> {
  const { username, password } = sim.credentials.system;
  return issue(sim, {
    identity: {
      methods: ['password'],
      password: { user: { name: username, domain: { name: 'Default' }, password } },
    },
    scope: { system: { all: true } },
  });
}

/** Project-scoped token from the project's application credential. */
export function projectToken(sim: OpenStackSimulator, projectId: string): Promise<Issued> {
  const { id, secret } = sim.credentials.perProject[projectId]!;
  return issue(sim, {
    identity: { methods: ['application_credential'], application_credential: { id, secret } },
  });
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: Json | undefined;
}

export async function get(
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const res = await fetch(url, { headers: { 'X-Auth-Token': token, ...headers } });
  const text = await res.text();
  let body: Json | undefined;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/**
 * Follows `<key>_links` `next` hrefs (Nova, Neutron, Cinder) or Glance's `next` path (joined to
 * `pathBase`) to the end; returns every item and the number of pages.
 */
export async function collect(
  url: string,
  token: string,
  key: string,
  opts: { headers?: Record<string, string>; pathBase?: string; maxPages?: number } = {},
): Promise<{ items: Json[]; pages: number; urls: string[] }> {
  const items: Json[] = [];
  const urls: string[] = [];
  let next: string | undefined = url;
  while (next) {
    if (urls.length >= (opts.maxPages ?? 10_000)) throw new Error(`more than ${opts.maxPages} pages`);
    urls.push(next);
    const res = await get(next, token, opts.headers);
    if (res.status !== 200 || !res.body)
      throw new Error(`GET ${next}: ${res.status} ${res.text.slice(0, 300)}`);
    items.push(...((res.body[key] as Json[]) ?? []));
    const links = res.body[`${key}_links`] as { rel: string; href: string }[] | undefined;
    const glanceNext = res.body.next as string | undefined;
    next =
      links?.find((l) => l.rel === 'next')?.href ??
      (glanceNext ? `${opts.pathBase}${glanceNext}` : undefined);
  }
  return { items, pages: urls.length, urls };
}

/** Nova's microversion header. */
export const microversion = (v: string): Record<string, string> => ({
  'OpenStack-API-Version': `compute ${v}`,
});

/** The ids of listed items, in order. */
export const idsOf = (items: Json[]): string[] => items.map((i) => i.id as string);

/** A seeded simulator with a system token and the token of its first project, as the API tests use. */
export async function simulatorWithTokens(
  options: Parameters<typeof startOpenStackSimulator>[0],
): Promise<{ sim: OpenStackSimulator; system: string; project: string; member: string }> {
  const sim = await startOpenStackSimulator(options);
  const project = sim.data.projects[0]!.id;
  return {
    sim,
    system: (await systemToken(sim)).token,
    project,
    member: (await projectToken(sim, project)).token,
  };
}
