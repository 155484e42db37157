import { isIP } from 'node:net';
import type { Ctx } from './config.schema.primitives.js';
import type { AppConfig } from './config.types.js';

/** 127.0.0.0/8, ::1 (any spelling, bracketed or not, IPv4-mapped too) and localhost. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) !== 6) return false;
  // URL parsing canonicalises IPv6 (0:0:0:0:0:0:0:1 → ::1, ::ffff:127.0.0.1 → ::ffff:7f00:1).
  const canonical = new URL(`http://[${h}]/`).hostname;
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

function tokenCount(api: unknown): number {
  const tokens = (api as { tokens?: unknown } | undefined)?.tokens;
  return Array.isArray(tokens) ? tokens.length : 0;
}

/**
 * Rules that span sections. They run on the partially validated object (see `onObject`), so they
 * only act on values of the expected type and leave type errors to the field schemas.
 */
export function crossFieldRules(value: unknown, ctx: Ctx): void {
  const config = value as Record<string, unknown>;
  const api = config.api as { auth?: unknown } | undefined;
  const host = config.httpHost;
  // An exposed API without tokens would hand out admin rights to the network, so refuse unless the
  // operator opted out of authentication in writing.
  if (typeof host === 'string' && !isLoopback(host) && api?.auth !== 'none' && tokenCount(api) === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['httpHost'],
      message:
        'refusing to listen on a non-loopback address without API tokens; set api.tokens or api.auth: none explicitly',
    });
  }

  const ports: [string, unknown][] = [
    ['httpPort', config.httpPort],
    ['grpcPort', config.grpcPort],
    ['metricsPort', config.metricsPort],
  ];
  const taken = new Map<number, string>();
  for (const [key, port] of ports) {
    if (typeof port !== 'number' || port === 0) continue;
    const other = taken.get(port);
    if (other) ctx.addIssue({ code: 'custom', path: [key], message: `same port as ${other}` });
    else taken.set(port, key);
  }

  const signing = (config.federation as { signing?: Record<string, unknown> } | undefined)?.signing;
  if (signing && (signing.certificate == null) !== (signing.key == null)) {
    const missing = signing.certificate == null ? 'certificate' : 'key';
    ctx.addIssue({
      code: 'custom',
      path: ['federation', 'signing', missing],
      message: 'signing needs both certificate and key',
    });
  }
}

/** Findings that do not stop fedwatch but that an operator should see once at start. */
export function configWarnings(config: AppConfig): string[] {
  const warnings: string[] = [];
  if (
    config.openstack.sites.length + config.rancher.servers.length + config.kubernetes.clusters.length ===
    0
  ) {
    warnings.push(
      'no sources configured (openstack.sites, rancher.servers and kubernetes.clusters are empty): ' +
        'fedwatch will start but collect nothing',
    );
  }
  if (config.api.auth === 'none') {
    if (!isLoopback(config.httpHost)) {
      warnings.push(
        `api.auth is none: anyone reaching ${config.httpHost}:${config.httpPort} has admin rights`,
      );
    }
    if (config.api.tokens.length > 0) warnings.push('api.tokens are ignored because api.auth is none');
  }
  config.openstack.sites.forEach((site, i) => {
    const where = `openstack.sites[${i}] (${site.name})`;
    if (site.siteName === '') warnings.push(`${where} has no GOCDB site name: set site.name or its siteName`);
    if (site.credential?.type === 'applicationCredential') {
      warnings.push(
        `${where}: an application credential is bound to one project, so only that project is read; ` +
          'use a system-scoped password credential or vos[] to cover more',
      );
    }
  });
  return warnings;
}
