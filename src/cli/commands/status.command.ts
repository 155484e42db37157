import type { Command } from 'commander';
import type { SystemInfo } from '../../system/system.service.js';
import { render } from '../output/render.js';
import { remote } from './remote-context.js';

type SystemInfoJson = Omit<SystemInfo, 'startedAt'> & { startedAt: string };

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show what the running service is: version, site, database, sources')
    .action(
      remote(async ({ client, output, quiet }) => {
        const info = await client.get<SystemInfoJson>('/api/v1/system');
        process.stdout.write(
          render(
            output,
            info,
            [
              { header: 'VERSION', value: (i) => i.version },
              { header: 'SITE', value: (i) => i.siteName || '-' },
              { header: 'GOCDB', value: (i) => i.gocdbId ?? '-' },
              { header: 'DATABASE', value: (i) => i.databaseMode },
              {
                header: 'SOURCES',
                value: (i) =>
                  `openstack=${i.sources.openstackSites} rancher=${i.sources.rancherServers} ` +
                  `kubernetes=${i.sources.kubernetesClusters}`,
              },
              { header: 'STARTED', value: (i) => i.startedAt },
            ],
            { quiet, id: (i) => i.version },
          ),
        );
      }),
    );
}
