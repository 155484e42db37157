/**
 * What the demo prints once fedwatch answers: where to look, and what to type in a second
 * terminal. Plain text (no colours), so it reads the same in a log file.
 */
import { relative } from 'node:path';
import type { DemoSettings } from './settings.js';
import { DEMO_SCHEDULES } from './config.js';
import { ENTRIES } from './site.js';

/** A path relative to the working directory when it is below it, else absolute. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? `./${rel}` : path;
}

export function banner(settings: DemoSettings, site: string[], cwd = process.cwd()): string {
  const url = `http://127.0.0.1:${settings.httpPort}`;
  const schedules = Object.entries(DEMO_SCHEDULES)
    .map(([id, every]) => `${id} every ${every}`)
    .join(', ');
  const publishing = settings.amqpUrl
    ? 'the directory queue below and AMQP (AMQP_URL)'
    : 'the directory queue below (set AMQP_URL to publish to a broker too)';
  const lines = [
    '',
    '==================================================================================',
    ' fedwatch demo: the service against a simulated site',
    '==================================================================================',
    ...site.map((l) => `  ${l}`),
    '',
    `  REST API docs   ${url}/api/docs`,
    `  Metrics         ${url}/metrics`,
    `  Health          ${url}/healthz  ${url}/readyz`,
    `  gRPC            127.0.0.1:${settings.grpcPort}`,
    `  Data directory  ${shown(settings.dataDir, cwd)}  (embedded database; kept between runs)`,
    `  Messages        ${shown(settings.messageDir, cwd)}/<kind>/  (SSM dirq layout)`,
    `  Config file     ${shown(settings.configFile, cwd)}`,
    '',
    `  Jobs: ${schedules}. Publishing to ${publishing}.`,
    '  API access: no tokens; fedwatch listens on 127.0.0.1 only, so anyone on this',
    '  machine can use it (admin included). Do not expose a demo.',
    '',
    '  In a second terminal, in this directory:',
    '',
    `    export FEDWATCH_URL=${url}`,
    '    npx fedwatch cluster ls                  # 3 Rancher clusters + 1 read directly',
    `    npx fedwatch nodes ls --cluster ${ENTRIES.rancher}:local`,
    `    npx fedwatch nodes ls --cluster ${ENTRIES.kubernetes}:${ENTRIES.kubernetes}`,
    '    npx fedwatch accounting records          # after the first extraction (~20 s)',
    '    npx fedwatch accounting extract          # one more, now, with progress',
    '    npx fedwatch outbox status',
    '    npx fedwatch discovery show',
    '    npx fedwatch jobs ls',
    '',
    '  Ctrl-C stops everything.',
    '==================================================================================',
    '',
  ];
  return lines.join('\n');
}
