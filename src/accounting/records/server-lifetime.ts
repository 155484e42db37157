import type { NovaServer } from '../../sources/openstack/openstack.types.js';
import type { RecordProblem } from './record.types.js';
import { parseUtcMicros } from './utc-time.js';

/** When a VM began (`created`) and ended (null while it still runs), in UTC microseconds. */
export interface Lifetime {
  startUs: number;
  endUs: number | null;
}

export function serverProblem(id: string, field: string, message: string): RecordProblem {
  return { objectType: 'server', id, field, message, skipped: true };
}

/**
 * Start and end of a Nova server (apel.md §2.3). Start is always `created` (never
 * `OS-SRV-USG:launched_at`, which resize/rebuild/rescue/evacuate reset). End, in order:
 * `OS-SRV-USG:terminated_at`; else `created` when `launched_at` is null (never started); else
 * `updated` when the status is `DELETED` (stuck in deletion); else none.
 */
export function serverLifetime(server: NovaServer): Lifetime | RecordProblem {
  const id = String(server.id);
  const startUs = parseUtcMicros(server.created);
  if (startUs === null) return serverProblem(id, 'created', `not a time: ${JSON.stringify(server.created)}`);
  const endField = endFieldOf(server);
  if (typeof endField !== 'string') return endField === null ? { startUs, endUs: null } : endField;
  if (endField === 'created') return { startUs, endUs: startUs };
  const raw = server[endField];
  const endUs = parseUtcMicros(raw);
  if (endUs === null) return serverProblem(id, endField, `not a time: ${JSON.stringify(raw)}`);
  if (endUs < startUs) return serverProblem(id, endField, 'the server ends before it was created');
  return { startUs, endUs };
}

type EndField = 'OS-SRV-USG:terminated_at' | 'created' | 'updated';

function endFieldOf(server: NovaServer): EndField | null | RecordProblem {
  const id = String(server.id);
  const terminated = server['OS-SRV-USG:terminated_at'];
  const launched = server['OS-SRV-USG:launched_at'];
  // A missing key (not null) means the response is not what fedwatch asked for: guessing
  // "never launched" would report a running VM as a 1-second one.
  if (terminated === undefined) return serverProblem(id, 'OS-SRV-USG:terminated_at', 'missing');
  if (terminated !== null) return 'OS-SRV-USG:terminated_at';
  if (launched === undefined) return serverProblem(id, 'OS-SRV-USG:launched_at', 'missing');
  if (launched === null) return 'created';
  if (String(server.status).toUpperCase() === 'DELETED') return 'updated';
  return null;
}
