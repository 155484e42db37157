import { describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from './config.loader.js';
import { tempDir } from '../../test/support/temp-dir.js';

const EXAMPLE = resolve(import.meta.dirname, '../../config/fedwatch.example.yaml');

/** A copy of the example next to every secret file it references, as an operator would lay it out. */
function installExample(): string {
  const dir = tempDir('fedwatch-example-');
  copyFileSync(EXAMPLE, join(dir, 'fedwatch.yaml'));
  const referenced = [...readFileSync(EXAMPLE, 'utf8').matchAll(/^\s*-?\s*\w+File:\s*(\S+)/gm)].map(
    (m) => m[1]!,
  );
  expect(referenced.length).toBeGreaterThanOrEqual(6);
  referenced.forEach((file, i) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    // Every value is shaped like a Rancher token so that one fixture fits every secret kind.
    writeFileSync(join(dir, file), `token-example${i}:example-secret-${i}\n`);
  });
  return dir;
}

describe('config/fedwatch.example.yaml', () => {
  it('loads without problems', () => {
    const cwd = installExample();
    const { config, warnings, secrets, file } = loadConfig({ env: {}, cwd });
    expect(file).toBe(join(cwd, 'fedwatch.yaml'));
    expect(config.site).toEqual({ name: 'EXAMPLE-CLOUD', gocdbId: '1234G0' });
    expect(config.httpHost).toBe('0.0.0.0');
    expect(config.metricsPort).toBe(9464);
    expect(config.api.tokens.map((t) => t.role)).toEqual(['read', 'admin']);

    const [main, edge] = config.openstack.sites;
    expect(main?.credential).toMatchObject({ type: 'password', scope: { system: 'all' } });
    expect(main?.projects).toEqual({ select: 'tag', tag: 'caso', ids: [] });
    expect(edge?.siteName).toBe('EXAMPLE-CLOUD');
    expect(edge?.credential).toBeNull();
    expect(edge?.vos.map((vo) => vo.credential.type)).toEqual([
      'applicationCredential',
      'applicationCredential',
    ]);

    expect(config.rancher.servers[0]?.token).toMatch(/^token-example\d:example-secret-\d$/);
    expect(config.kubernetes.clusters.map((c) => c.inCluster)).toEqual([false, true]);
    expect(config.federation.signing.key).toBe('/etc/grid-security/hostkey.pem');
    expect(config.schedules.outboxPrune).toEqual({
      intervalMs: null,
      cron: '0 3 * * *',
      timeoutMs: 600_000,
      enabled: true,
    });
    expect(config.schedules.clusterHealth?.intervalMs).toBe(30_000);
    expect(config.discovery).toEqual({
      gocdbUrl: 'https://goc.egi.eu/gocdbpi/public/',
      gocdbCacheSeconds: 86_400,
      validitySeconds: 43_200,
      flavorSelection: 'public',
      outputDir: 'discovery/glue21',
    });

    expect(warnings).toEqual([]);
    expect(secrets).toHaveLength(12);
  });
});
