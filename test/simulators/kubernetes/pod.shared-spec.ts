/**
 * The `spec` of a workload's pods, built once per workload and shared by all its pods (a pod
 * adds only `nodeName`): most of a pod's bytes, made once instead of 150,000 times.
 */
import { served } from './amount.js';
import type { ContainerSpec, Json, Workload } from './model.js';

const cache = new WeakMap<Workload, { spec: Json; json: string }>();

const PRIORITY: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function volumeName(w: Workload): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 0x811c9dc5;
  for (let i = 0; i < w.ownerUid.length; i++) h = Math.imul(h ^ w.ownerUid.charCodeAt(i), 0x01000193);
  let out = '';
  for (let i = 0; i < 5; i++, h = Math.floor(h / 27)) out += alphabet[(h >>> 0) % 27];
  return `kube-api-access-${out}`;
}

function resources(c: ContainerSpec, canonical: boolean): Json {
  const list = (l: ContainerSpec['requests']) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(l)) if (v) out[k] = served(k, v, canonical);
    return out;
  };
  const out: Json = {};
  if (Object.keys(c.limits).length) out.limits = list(c.limits);
  if (Object.keys(c.requests).length) out.requests = list(c.requests);
  return out;
}

function container(c: ContainerSpec, volume: string | null, canonical: boolean): Json {
  return {
    name: c.name,
    image: c.image,
    ...(c.args ? { args: c.args } : {}),
    ...(c.ports ? { ports: c.ports } : {}),
    resources: resources(c, canonical),
    ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
    ...(volume
      ? {
          volumeMounts: [
            { name: volume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
          ],
        }
      : {}),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

function tolerations(w: Workload): Json[] {
  if (w.tolerateAll) return [{ operator: 'Exists' }];
  const gpu = w.gpus > 0 ? [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] : [];
  return [...gpu, ...DEFAULT_TOLERATIONS];
}

/** The shared spec (without `nodeName`) and its JSON. */
export function workloadSpec(w: Workload, canonical: boolean): { spec: Json; json: string } {
  let cached = cache.get(w);
  if (!cached) {
    const spec = buildSpec(w, canonical);
    cache.set(w, (cached = { spec, json: JSON.stringify(spec) }));
  }
  return cached;
}

function buildSpec(w: Workload, canonical: boolean): Json {
  // Static pods come from files on the node: no service-account token volume.
  const volume = w.ownerKind === 'Node' ? null : volumeName(w);
  const serviceAccount =
    w.namespace.startsWith('kube-') || w.namespace.startsWith('cattle-') ? w.app : 'default';
  return {
    ...(volume
      ? {
          volumes: [
            {
              name: volume,
              projected: {
                sources: [
                  { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
                  { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
                  {
                    downwardAPI: {
                      items: [
                        {
                          path: 'namespace',
                          fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                        },
                      ],
                    },
                  },
                ],
                defaultMode: 420,
              },
            },
          ],
        }
      : {}),
    ...(w.initContainers.length
      ? { initContainers: w.initContainers.map((c) => container(c, volume, canonical)) }
      : {}),
    containers: w.containers.map((c) => container(c, volume, canonical)),
    restartPolicy: w.restartPolicy,
    terminationGracePeriodSeconds: 30,
    dnsPolicy: w.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    ...(w.os === 'windows' ? { nodeSelector: { 'kubernetes.io/os': 'windows' } } : {}),
    ...(volume ? { serviceAccountName: serviceAccount, serviceAccount } : {}),
    ...(w.hostNetwork ? { hostNetwork: true } : {}),
    securityContext: {},
    schedulerName: 'default-scheduler',
    tolerations: tolerations(w),
    ...(w.priorityClassName ? { priorityClassName: w.priorityClassName } : {}),
    priority: w.priorityClassName ? PRIORITY[w.priorityClassName] : 0,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    ...(w.runtimeClassName ? { runtimeClassName: w.runtimeClassName } : {}),
    ...(w.overhead
      ? {
          overhead: {
            cpu: served('cpu', w.overhead.cpu, canonical),
            memory: served('memory', w.overhead.memory, canonical),
          },
        }
      : {}),
  };
}
