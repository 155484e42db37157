import type {
  NovaServer,
  NovaServerUsage,
  ProjectUsageData,
} from '../../sources/openstack/openstack.types.js';
import type { RecordProblem } from './record.types.js';

const hasId = (id: unknown): id is string => typeof id === 'string' && id.trim() !== '';

/**
 * The project's servers by id, in input order. A server listed twice (pages shifting under
 * pagination) keeps its first position and its last copy; one without an id is a problem.
 */
export function serversById(data: ProjectUsageData, problems: RecordProblem[]): Map<string, NovaServer> {
  const servers = new Map<string, NovaServer>();
  for (const server of data.servers ?? []) {
    if (hasId(server?.id)) servers.set(server.id, server);
    else problems.push({ objectType: 'server', id: '', field: 'id', message: 'missing', skipped: true });
  }
  return servers;
}

/** The project's os-simple-tenant-usage entries by `instance_id` (same rules as servers). */
export function usagesById(data: ProjectUsageData, problems: RecordProblem[]): Map<string, NovaServerUsage> {
  const usages = new Map<string, NovaServerUsage>();
  for (const usage of data.usages ?? []) {
    if (hasId(usage?.instance_id)) usages.set(usage.instance_id, usage);
    else
      problems.push({ objectType: 'usage', id: '', field: 'instance_id', message: 'missing', skipped: true });
  }
  return usages;
}
