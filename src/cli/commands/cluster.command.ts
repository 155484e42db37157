import type { Command } from 'commander';
import { FedwatchError } from '../../common/errors/index.js';
import type { ClusterHealth, NodeHealth, V3NodePool } from '../../clusters/cluster.model.js';
import { renderClusters, renderNodes, type RancherOutput } from '../../clusters/rancher-format/index.js';
import { render } from '../output/render.js';
import { cliSettings, remote, type RemoteContext } from './remote-context.js';

/** REST answers as JSON delivers them (`lastSeen` is a string already). */
interface ClusterNodesReply {
  cluster: ClusterHealth;
  nodes: NodeHealth[];
  nodePools: V3NodePool[];
}

/** `--format` of the rancher CLI: `json` and `yaml` print its row structs (JSON Lines / YAML). */
function rancherOutput(format: string | undefined, quiet: boolean): RancherOutput {
  if (quiet) return 'quiet';
  if (format === undefined || format === 'table') return 'table';
  if (format === 'json' || format === 'yaml') return format;
  throw new FedwatchError(
    'INVALID_ARGUMENT',
    `--format must be json or yaml, not "${format}" (Go templates are not supported)`,
  );
}

/** `--output json|yaml` prints fedwatch's own model; otherwise the rancher CLI's view. */
const ownModel = (ctx: RemoteContext) => ctx.output !== 'table';

export function registerCluster(program: Command): void {
  const cluster = program
    .command('cluster')
    .alias('clusters')
    .description(
      'clusters of the configured Rancher servers and Kubernetes clusters, as `rancher cluster` shows them',
    );
  cluster
    .command('ls', { isDefault: true })
    .alias('list')
    .description('CURRENT ID STATE NAME PROVIDER NODES CPU RAM PODS, like `rancher cluster ls`')
    .option('--format <format>', "json or yaml: the rancher CLI's own row objects, one per line")
    .option('--rancher <name>', 'only the clusters of this configured Rancher server (or Kubernetes entry)')
    .action(
      remote(async (ctx, opts: { format?: string; rancher?: string }) => {
        const query = opts.rancher ? `?source=${encodeURIComponent(opts.rancher)}` : '';
        const { clusters } = await ctx.client.get<{ clusters: ClusterHealth[] }>(`/api/v1/clusters${query}`);
        if (ownModel(ctx) && !ctx.quiet) return void process.stdout.write(render(ctx.output, clusters, []));
        const current = (await cliSettings().load()).cluster;
        const currentObject = clusters.find((c) => c.id === current)?.v3 ?? null;
        const output = rancherOutput(opts.format, ctx.quiet);
        process.stdout.write(
          renderClusters(
            clusters.map((c) => c.v3),
            currentObject,
            output,
          ),
        );
      }),
    );
  cluster
    .command('use <id>')
    .description('make a cluster current (its fedwatch id `<source>:<id>`, or its Rancher id when unique)')
    .action(
      remote(async (ctx, id: string) => {
        const found = await ctx.client.get<ClusterHealth>(`/api/v1/clusters/${encodeURIComponent(id)}`);
        const settings = cliSettings();
        await settings.save({ ...(await settings.load()), cluster: found.id });
        if (!ctx.quiet) process.stdout.write(`current cluster: ${found.id} (${found.name})\n`);
      }),
    );
}

export function registerNodes(program: Command): void {
  const nodes = program
    .command('nodes')
    .alias('node')
    .description('nodes of one cluster, as `rancher nodes` shows them');
  nodes
    .command('ls', { isDefault: true })
    .alias('list')
    .description('ID NAME STATE POOL DESCRIPTION, like `rancher nodes ls` (the POOL layout of CLI v2.14)')
    .option('--cluster <id>', 'the cluster (default: the current one, see `fedwatch cluster use`)')
    .option('--format <format>', "json or yaml: the rancher CLI's own row objects, one per line")
    .action(
      remote(async (ctx, opts: { cluster?: string; format?: string }) => {
        const id = opts.cluster ?? (await cliSettings().load()).cluster;
        if (!id) {
          throw new FedwatchError(
            'INVALID_ARGUMENT',
            'no current cluster: run `fedwatch cluster use ID` (see `fedwatch cluster ls`) or pass --cluster ID',
          );
        }
        const reply = await ctx.client.get<ClusterNodesReply>(
          `/api/v1/clusters/${encodeURIComponent(id)}/nodes`,
        );
        if (ownModel(ctx) && !ctx.quiet) return void process.stdout.write(render(ctx.output, reply, []));
        const output = rancherOutput(opts.format, ctx.quiet);
        process.stdout.write(
          renderNodes(
            reply.nodes.map((n) => n.v3),
            reply.nodePools,
            output,
          ),
        );
      }),
    );
}
