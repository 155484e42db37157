/**
 * Node conditions and taints from the record's state, with the reasons and messages the kubelet
 * and the node lifecycle controller write.
 */
import { hash32, iso } from './ids.js';
import type { Json, NodeRecord } from './model.js';
import type { RenderContext } from './render.context.js';

const KUBELET = {
  MemoryPressure: [
    'KubeletHasSufficientMemory',
    'kubelet has sufficient memory available',
    'KubeletHasInsufficientMemory',
    'kubelet has insufficient memory available',
  ],
  DiskPressure: [
    'KubeletHasNoDiskPressure',
    'kubelet has no disk pressure',
    'KubeletHasDiskPressure',
    'kubelet has disk pressure',
  ],
  PIDPressure: [
    'KubeletHasSufficientPID',
    'kubelet has sufficient PID available',
    'KubeletHasInsufficientPID',
    'kubelet has insufficient PID available',
  ],
} as const;

export function nodeConditions(ctx: RenderContext, n: NodeRecord): Json[] {
  // A healthy kubelet's last heartbeat: shortly before the seeded now, fixed so the object is stable.
  const beat =
    n.ready === 'True'
      ? Math.max(n.readySinceMs, ctx.seedNowMs - (hash32(n.serial, 5) % 240_000))
      : n.readySinceMs;
  const c = (type: string, status: string, reason: string, message: string, since: number): Json => ({
    type,
    status,
    lastHeartbeatTime: iso(beat),
    lastTransitionTime: iso(since),
    reason,
    message,
  });
  const lost = n.ready === 'Unknown';
  const out: Json[] = [
    c('NetworkUnavailable', 'False', 'FlannelIsUp', 'Flannel is running on this node', n.createdMs + 40_000),
  ];
  for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const) {
    const [okReason, okMessage, badReason, badMessage] = KUBELET[type];
    if (lost)
      out.push(
        c(type, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', n.readySinceMs),
      );
    else if (n.pressure === type) out.push(c(type, 'True', badReason, badMessage, n.readySinceMs));
    else out.push(c(type, 'False', okReason, okMessage, n.createdMs + 20_000));
  }
  if (lost)
    out.push(
      c('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', n.readySinceMs),
    );
  else if (n.ready === 'False')
    out.push(
      c(
        'Ready',
        'False',
        'KubeletNotReady',
        'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
        n.readySinceMs,
      ),
    );
  else out.push(c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', n.readySinceMs));
  return out;
}

const PRESSURE_TAINT: Record<string, string> = {
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
  PIDPressure: 'node.kubernetes.io/pid-pressure',
};

export function nodeTaints(n: NodeRecord): Json[] {
  const out: Json[] = [];
  for (const role of n.roleTaints)
    out.push({
      key: `node-role.kubernetes.io/${role}`,
      value: 'true',
      effect: role === 'etcd' ? 'NoExecute' : 'NoSchedule',
    });
  if (n.type.gpus > 0) out.push({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
  if (n.pressure) out.push({ key: PRESSURE_TAINT[n.pressure], effect: 'NoSchedule' });
  if (n.unschedulable)
    out.push({
      key: 'node.kubernetes.io/unschedulable',
      effect: 'NoSchedule',
      timeAdded: iso(n.readySinceMs),
    });
  if (n.ready !== 'True') {
    const key = n.ready === 'Unknown' ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
    out.push({ key, effect: 'NoSchedule', timeAdded: iso(n.readySinceMs) });
    out.push({ key, effect: 'NoExecute', timeAdded: iso(n.readySinceMs + 5000) });
  }
  return out;
}
