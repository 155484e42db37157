import type { NovaServer } from '../../sources/openstack/openstack.types.js';
import type { VmCounts } from './glue-document.types.js';

/**
 * VM counts of one project (glue-cloud-info.md §2.4): `SHUTOFF` → halted, `SUSPENDED` → suspended,
 * every other status (errors included) → running. `DELETED` servers, which a listing only has when it
 * asked for them, and servers of other projects (an all-tenants listing) are not counted.
 */
export function vmCounts(servers: readonly NovaServer[], projectId: string): VmCounts {
  let running = 0;
  let suspended = 0;
  let halted = 0;
  for (const server of servers) {
    if (server.status === 'DELETED' || server.tenant_id !== projectId) continue;
    if (server.status === 'SHUTOFF') halted++;
    else if (server.status === 'SUSPENDED') suspended++;
    else running++;
  }
  return {
    TotalVM: running + suspended + halted,
    RunningVM: running,
    SuspendedVM: suspended,
    HaltedVM: halted,
  };
}

/** Sum of the shares' counts, for the service. */
export function sumVmCounts(counts: readonly VmCounts[]): VmCounts {
  const sum = (key: keyof VmCounts) => counts.reduce((total, c) => total + c[key], 0);
  return {
    TotalVM: sum('TotalVM'),
    RunningVM: sum('RunningVM'),
    SuspendedVM: sum('SuspendedVM'),
    HaltedVM: sum('HaltedVM'),
  };
}
