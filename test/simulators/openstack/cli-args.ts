/** Command-line options of the standalone simulator (main.ts). */
import { parseArgs } from 'node:util';
import type { StartOptions } from './index.js';

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

export interface FailSpec {
  pattern: string;
  status: number;
  times?: number;
  rate?: number;
}

export interface CliOptions {
  start: StartOptions;
  writeConfig: string | null;
  perVo: boolean;
  siteName: string | undefined;
  fail: FailSpec[];
  help: boolean;
}

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`--${name}: not a number: ${text}`);
  return n;
}

export function parseFail(spec: string): FailSpec {
  const parts = spec.split(':');
  const count = parts.pop();
  const status = Number(parts.pop());
  const pattern = parts.join(':');
  if (!pattern || !Number.isInteger(status) || status < 400 || !count) {
    throw new Error(`--fail: expected PATTERN:STATUS:N or PATTERN:STATUS:P%, got ${spec}`);
  }
  if (count.endsWith('%')) return { pattern, status, rate: Number(count.slice(0, -1)) / 100 };
  return { pattern, status, times: Number(count) };
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
  const seed =
    values.seed === undefined ? undefined : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  return {
    start: {
      port: number('port', values.port),
      seed,
      projects: number('projects', values.projects),
      servers: number('servers', values.servers),
      now,
      latencyMs: number('latency-ms', values['latency-ms']),
      tls: values.tls,
      gocdb: values.gocdb,
      malformedFlavor: values['malformed-flavor'],
      siteName: values['site-name'],
      deletedShare: number('deleted-share', values['deleted-share']),
      gpuShare: number('gpu-share', values['gpu-share']),
      volumes: number('volumes', values.volumes),
      floatingIps: number('floating-ips', values['floating-ips']),
      usersUnknownShare: number('users-unknown-share', values['users-unknown-share']),
      tokenLifetimeSeconds: number('token-lifetime', values['token-lifetime']),
    },
    writeConfig: values['write-config'] ?? null,
    perVo: values['per-vo'] ?? false,
    siteName: values['site-name'],
    fail: (values.fail ?? []).map(parseFail),
    help: values.help ?? false,
  };
}
