import type { CloudStatus } from './record.types.js';

const STARTED = [
  'active',
  'build',
  'confirming_resize',
  'hard_reboot',
  'migrating',
  'password',
  'reboot',
  'rebuild',
  'rescue',
  'resize',
  'revert_resize',
  'verify_resize',
  'saving',
];

/** apel.md §2.2: lower-cased Nova `status` → cloud record `Status`. */
const STATUS_MAP: ReadonlyMap<string, CloudStatus> = new Map<string, CloudStatus>([
  ...STARTED.map((s): [string, CloudStatus] => [s, 'started']),
  ['deleted', 'completed'],
  ['shutoff', 'completed'],
  ['terminated', 'completed'],
  ['error', 'error'],
  ['paused', 'paused'],
  ['suspended', 'suspended'],
  ['stopped', 'stopped'],
]);

/**
 * Cloud record `Status` of a Nova server `status` (apel.md §2.2); anything not in the map
 * (`SHELVED`, `SHELVED_OFFLOADED`, `SOFT_DELETED`, `UNKNOWN`, a status newer than this table, …)
 * is `unknown`. The window override (`completed` → `started`) is applied by the caller.
 */
export function cloudStatusOf(novaStatus: string): CloudStatus {
  return STATUS_MAP.get(novaStatus.toLowerCase()) ?? 'unknown';
}

/**
 * os-simple-tenant-usage reports `OS-EXT-STS:vm_state`, not `status`: translate it to the status
 * Nova shows for that state so that usage-only servers map like listed ones (a `stopped` vm_state
 * is a `SHUTOFF` server, and so `completed`, not `stopped`).
 */
const VM_STATE_TO_STATUS: ReadonlyMap<string, string> = new Map([
  ['building', 'build'],
  ['rescued', 'rescue'],
  ['resized', 'verify_resize'],
  ['stopped', 'shutoff'],
  ['soft-deleted', 'soft_deleted'],
]);

/** Cloud record `Status` of an os-simple-tenant-usage `state` (a Nova vm_state). */
export function cloudStatusOfVmState(vmState: string): CloudStatus {
  const state = vmState.toLowerCase();
  return cloudStatusOf(VM_STATE_TO_STATUS.get(state) ?? state);
}
