/**
 * The fedwatch configuration of the demo, written afresh at every start into `<dataDir>/demo/`:
 * each simulator writes its own entry (and its secrets beside the file) through its `writeConfig`,
 * then the demo adds what makes things happen within a minute — short schedules, the directory
 * queue, a first extraction window that holds usage. Ports, dataDir and AMQP_URL stay in the
 * environment, where fedwatch reads them.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import type { DemoSettings } from './settings.js';
import { ENTRIES, SITE_NAME, type SimulatedSite } from './site.js';

/** Job id → schedule (ids from the `*.job.ts` registrations, plus clusterHealth's polling). */
export const DEMO_SCHEDULES = { accounting: '20s', discovery: '30s', clusterHealth: '5s' } as const;

const HEADER = [
  ' Written by `npm run demo` at every start (edits are lost): fedwatch against simulated',
  ' OpenStack, Rancher and Kubernetes APIs on this machine. Ports, dataDir and AMQP_URL come',
  ' from the environment. No api.tokens: the API listens on 127.0.0.1 only and needs no token.',
].join('\n');

function demoKeys(settings: DemoSettings): Record<string, unknown> {
  return {
    federation: {
      directoryQueue: {
        path: settings.messageDir,
        kinds: ['accounting.cloud', 'accounting.storage'],
        layout: 'dirq',
      },
    },
    accounting: {
      // The first run reads the last day in one window: every running VM and the recently
      // deleted ones already have usage in it.
      initialLookbackSeconds: 86_400,
      maxWindowSeconds: 86_400,
    },
    schedules: DEMO_SCHEDULES,
    // A Ctrl-C during an extraction should not keep the terminal waiting for long.
    shutdownGraceSeconds: 10,
  };
}

export async function writeDemoConfig(settings: DemoSettings, site: SimulatedSite): Promise<void> {
  await mkdir(settings.demoDir, { recursive: true, mode: 0o700 });
  await mkdir(settings.messageDir, { recursive: true });
  // Fresh every time: the simulators' ports change, and keys of an earlier run must not linger.
  await rm(settings.configFile, { force: true });
  const file = settings.configFile;
  await site.openstack.writeConfig(file, { name: ENTRIES.openstack, siteName: SITE_NAME, perVo: true });
  await site.rancher.writeConfig(file, { name: ENTRIES.rancher });
  await site.kubernetes.writeConfig(file, { name: ENTRIES.kubernetes });
  const doc = YAML.parseDocument(await readFile(file, 'utf8'));
  for (const [key, value] of Object.entries(demoKeys(settings))) doc.set(key, doc.createNode(value));
  doc.commentBefore = HEADER;
  await writeFile(file, doc.toString(), { mode: 0o600 });
}

/** Where fedwatch's dirq destination puts each kind's messages. */
export function kindDirs(settings: DemoSettings): string[] {
  return ['accounting.cloud', 'accounting.storage'].map((kind) => join(settings.messageDir, kind));
}
