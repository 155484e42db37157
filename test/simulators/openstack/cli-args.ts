/** Command-line options of the standalone simulator (main.ts). */
import { parseArgs } from 'node:util';
import type { StartOptions } from './index.js';
import { numberFlag, parseFail, seedFlag, type FailSpec } from '../cli-common.js';

export { parseFail, type FailSpec };

export const USAGE = `usage: openstack-simulator [options]
  --port N                 listen port (default: any free port)
  --seed S                 seed (number or text; default 1)
  --projects P             tenant projects (default 5)
  --servers V              servers over all projects (default 60)
  --now ISO                the cloud's current time (default: now)
  --latency-ms L           latency added to every request
  --tls                    HTTPS with a throwaway CA (its file is in the config's caBundle)
  --gocdb                  also serve GOCDB's get_service (another port) with the Keystone URL
                           registered as org.openstack.nova; the config gets discovery.gocdbUrl
  --malformed-flavor       add a public flavor without vcpus (discovery's bad-input case)
  --write-config FILE      write (or merge into) a fedwatch config pointing here
  --per-vo                 config: one application credential per VO instead of a system reader
  --site-name NAME         config and GOCDB: site name (default SIM-OPENSTACK)
  --deleted-share F        fraction of servers deleted in the last 30 days (default 0.2)
  --gpu-share F            fraction of servers on GPU flavors (default 0.05)
  --volumes N              data volumes (default: servers / 2)
  --floating-ips N         floating IPs (default: servers / 4)
  --users-unknown-share F  fraction of server users Keystone does not know (default 0.1)
  --token-lifetime S       token lifetime in seconds (default 86400)
  --fail PATTERN:STATUS:N  answer STATUS to requests whose path+query contains PATTERN, N times,
                           or a share of them with N as a percentage (e.g. servers/detail:503:10%);
                           repeatable
Prints "listening <url>" once it accepts requests (and the config file is written).`;

export interface CliOptions {
  start: StartOptions;
  writeConfig: string | null;
  perVo: boolean;
  siteName: string | undefined;
  fail: FailSpec[];
  help: boolean;
}

export function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      projects: { type: 'string' },
      servers: { type: 'string' },
      now: { type: 'string' },
      'latency-ms': { type: 'string' },
      tls: { type: 'boolean' },
      gocdb: { type: 'boolean' },
      'malformed-flavor': { type: 'boolean' },
      'write-config': { type: 'string' },
      'per-vo': { type: 'boolean' },
      'site-name': { type: 'string' },
      'deleted-share': { type: 'string' },
      'gpu-share': { type: 'string' },
      volumes: { type: 'string' },
      'floating-ips': { type: 'string' },
      'users-unknown-share': { type: 'string' },
      'token-lifetime': { type: 'string' },
      fail: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (now && Number.isNaN(now.getTime())) throw new Error(`--now: not an ISO 8601 time: ${values.now}`);
  const seed = seedFlag(values.seed);
  return {
    start: {
      port: numberFlag('port', values.port),
      seed,
      projects: numberFlag('projects', values.projects),
      servers: numberFlag('servers', values.servers),
      now,
      latencyMs: numberFlag('latency-ms', values['latency-ms']),
      tls: values.tls,
      gocdb: values.gocdb,
      malformedFlavor: values['malformed-flavor'],
      siteName: values['site-name'],
      deletedShare: numberFlag('deleted-share', values['deleted-share']),
      gpuShare: numberFlag('gpu-share', values['gpu-share']),
      volumes: numberFlag('volumes', values.volumes),
      floatingIps: numberFlag('floating-ips', values['floating-ips']),
      usersUnknownShare: numberFlag('users-unknown-share', values['users-unknown-share']),
      tokenLifetimeSeconds: numberFlag('token-lifetime', values['token-lifetime']),
    },
    writeConfig: values['write-config'] ?? null,
    perVo: values['per-vo'] ?? false,
    siteName: values['site-name'],
    fail: (values.fail ?? []).map(parseFail),
    help: values.help ?? false,
  };
}
