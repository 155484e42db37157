/** Workload templates: containers with quantities as written, and how the pods run. */
import type { Rng } from '../openstack/prng.js';
import { bytes, cpu } from './amount.js';
import type { ContainerSpec, OwnerKind } from './model.js';

type Res = { cpu?: string; memory?: string; gpu?: string; storage?: string };

/** A container; quantities are written as the charts write them. */
export function ctr(
  name: string,
  image: string,
  req: Res = {},
  lim: Res = {},
  extra: Partial<Pick<ContainerSpec, 'restartPolicy' | 'ports' | 'args'>> = {},
): ContainerSpec {
  const list = (r: Res): ContainerSpec['requests'] => ({
    ...(r.cpu ? { cpu: cpu(r.cpu) } : {}),
    ...(r.memory ? { memory: bytes(r.memory) } : {}),
    ...(r.storage ? { 'ephemeral-storage': bytes(r.storage) } : {}),
    ...(r.gpu ? { 'nvidia.com/gpu': bytes(r.gpu) } : {}),
  });
  return { name, image, requests: list(req), limits: list(lim), ...extra };
}

export interface TemplateDef {
  app: string;
  namespace: string;
  ownerKind: OwnerKind;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  hostNetwork?: boolean;
  priorityClassName?: string;
  /** DaemonSets and static pods run on every node, tainted or not. */
  tolerateAll?: boolean;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  finishes?: boolean;
  gpus?: number;
  os?: 'linux' | 'windows';
  runtimeClassName?: string;
  overhead?: { cpu: string; memory: string };
  /** Runs on workers only (a DaemonSet with a nodeSelector). */
  workersOnly?: boolean;
  replicas?: number;
}

export const REG = 'registry.example.org';

export interface AppTemplate {
  /** Relative frequency among workloads. */
  weight: number;
  /** Needs GPU or Windows nodes: left out when the cluster has none. */
  needs?: 'gpu' | 'windows';
  build(rng: Rng, namespace: string, name: string): TemplateDef;
}

export const app = (ns: string, name: string, kind: TemplateDef['ownerKind']) => ({
  app: name,
  namespace: ns,
  ownerKind: kind,
});
