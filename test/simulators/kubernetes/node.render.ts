/** A node record as the API object: labels, taints, capacity, conditions, addresses, nodeInfo. */
import { canonicalCpu } from './amount.js';
import { CONTAINER_RUNTIME, OS_IMAGES, REGION } from './catalog.nodes.js';
import { hexOf, iso, nodeIp, podCidr, uidOf } from './ids.js';
import type { Json, NodeRecord } from './model.js';
import { allocatable } from './placement.js';
import type { RenderContext } from './render.context.js';
import { nodeConditions, nodeTaints } from './node.status.js';

const GPU_PRODUCT: Record<string, string> = {
  'g1.2xlarge.t4': 'Tesla-T4',
  'g1.8xlarge.a100': 'NVIDIA-A100-SXM4-40GB',
};

/** Every label of the node (selectors match on these too). */
export function nodeLabels(n: NodeRecord): Record<string, string> {
  const out: Record<string, string> = {
    'beta.kubernetes.io/arch': n.type.arch,
    'beta.kubernetes.io/instance-type': n.type.name,
    'beta.kubernetes.io/os': n.os,
    'cattle.io/os': n.os,
    'kubernetes.io/arch': n.type.arch,
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': n.os,
    'node.kubernetes.io/instance-type': n.type.name,
    'topology.kubernetes.io/region': REGION,
    'topology.kubernetes.io/zone': n.zone,
  };
  for (const role of n.roles) out[`node-role.kubernetes.io/${role}`] = 'true';
  // RKE2 still labels control-plane nodes with the old `master` role.
  if (n.roles.includes('control-plane')) out['node-role.kubernetes.io/master'] = 'true';
  if (n.type.gpus > 0) {
    out['nvidia.com/gpu.present'] = 'true';
    out['nvidia.com/gpu.product'] = GPU_PRODUCT[n.type.name] ?? 'NVIDIA';
    out['nvidia.com/gpu.count'] = String(n.type.gpus);
  }
  return out;
}

function resources(n: NodeRecord, which: 'capacity' | 'allocatable'): Record<string, string> {
  const a = allocatable(n);
  const t = n.type;
  const out: Record<string, string> = {
    cpu: which === 'capacity' ? String(t.cpu) : canonicalCpu(a.cpu),
    // Allocatable ephemeral storage is a plain byte count in real clusters (the kubelet's rounding).
    'ephemeral-storage':
      which === 'capacity' ? `${t.ephemeralKi}Ki` : String(Math.floor(t.ephemeralKi * 1024 * 0.95)),
    ...(n.os === 'linux' ? { 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' } : {}),
    memory: `${which === 'capacity' ? t.memoryKi : a.memory / 1024}Ki`,
    pods: String(a.pods),
  };
  if (t.gpus > 0) out['nvidia.com/gpu'] = String(t.gpus);
  if (n.malformed) out[n.malformed.resource] = n.malformed.value;
  return out;
}

export function renderNode(ctx: RenderContext, n: NodeRecord): Json {
  const ip = nodeIp(n.index);
  const uid = uidOf(ctx.nodeSalt, n.serial);
  const taints = nodeTaints(n);
  const spec: Json = {
    podCIDR: podCidr(n.index),
    podCIDRs: [podCidr(n.index)],
    providerID: `openstack:///${uidOf(ctx.nodeSalt + 1, n.serial)}`,
    ...(taints.length ? { taints } : {}),
    ...(n.unschedulable ? { unschedulable: true } : {}),
  };
  const addresses = [
    { type: 'InternalIP', address: ip },
    ...(n.roles.includes('control-plane')
      ? [{ type: 'ExternalIP', address: `192.0.2.${10 + n.index}` }]
      : []),
    { type: 'Hostname', address: n.name },
  ];
  const os = OS_IMAGES[n.os];
  return {
    metadata: {
      name: n.name,
      uid,
      resourceVersion: String(n.rv),
      creationTimestamp: iso(n.createdMs),
      labels: nodeLabels(n),
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': ip,
        'node.alpha.kubernetes.io/ttl': '0',
        'rke2.io/hostname': n.name,
        'rke2.io/internal-ip': ip,
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
    status: {
      capacity: resources(n, 'capacity'),
      allocatable: resources(n, 'allocatable'),
      conditions: nodeConditions(ctx, n),
      addresses,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: hexOf(ctx.nodeSalt + 2, n.serial, 32),
        systemUUID: uidOf(ctx.nodeSalt + 1, n.serial).toUpperCase(),
        bootID: uidOf(ctx.nodeSalt + 3, n.serial),
        kernelVersion: os.kernelVersion,
        osImage: os.osImage,
        containerRuntimeVersion: CONTAINER_RUNTIME,
        kubeletVersion: ctx.kubernetesVersion,
        kubeProxyVersion: ctx.kubernetesVersion,
        operatingSystem: n.os,
        architecture: n.type.arch,
      },
    },
  };
}
