/**
 * JSON pieces every pod of a workload shares (spec, labels, owner reference, container heads),
 * serialised once per workload. Pods are written by splicing these with their few own values:
 * about ten times faster than JSON.stringify over a fresh object per pod, which matters when a
 * list of 150,000 pods (570 MB) is served.
 */
import type { Workload } from './model.js';
import { workloadSpec } from './pod.shared-spec.js';
import { imageIdOf, type RenderContext } from './render.context.js';

const OWNER_API: Record<string, string> = {
  ReplicaSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  Job: 'batch/v1',
  Node: 'v1',
};

export interface ContainerPieces {
  /** `{"name":"x",` */
  head: string;
  /** `"image":"…","imageID":"…",` once the container was created. */
  image: string;
  /** `"image":"…","imageID":"",` while it waits. */
  waitingImage: string;
  sidecar: boolean;
}

export interface WorkloadPieces {
  spec: string;
  /** `"generateName":"<owner>-",` or ''. */
  generateName: string;
  /** `"labels":{…},` without the per-pod StatefulSet labels (and no closing brace for those). */
  labels: string;
  /** `,"annotations":{…}` for every pod of the workload, or ''. */
  annotations: string;
  /** `,"ownerReferences":[…]` plus Job finalizers. */
  owner: string;
  containers: ContainerPieces[];
  initContainers: ContainerPieces[];
  qos: string;
}

const cache = new WeakMap<Workload, WorkloadPieces>();
const j = JSON.stringify;

function containerPieces(ctx: RenderContext, c: Workload['containers'][number]): ContainerPieces {
  return {
    head: `{"name":${j(c.name)},`,
    image: `"image":${j(c.image)},"imageID":${j(imageIdOf(ctx, c.image))},`,
    waitingImage: `"image":${j(c.image)},"imageID":"",`,
    sidecar: c.restartPolicy === 'Always',
  };
}

export function piecesOf(ctx: RenderContext, w: Workload): WorkloadPieces {
  let p = cache.get(w);
  if (p) return p;
  const owner = {
    apiVersion: OWNER_API[w.ownerKind],
    kind: w.ownerKind,
    name: w.ownerName,
    uid: w.ownerUid,
    controller: true,
    ...(w.ownerKind === 'Node' ? {} : { blockOwnerDeletion: true }),
  };
  const plainAnnotations =
    w.ownerKind === 'Node' || w.ownerKind === 'Job' || w.namespace === 'kube-system'
      ? ''
      : `,"annotations":${j({ 'kubectl.kubernetes.io/default-container': w.containers[0]!.name })}`;
  const labels = j(w.labels);
  p = {
    spec: workloadSpec(w, ctx.canonical).json,
    generateName:
      w.ownerKind === 'StatefulSet' || w.ownerKind === 'Node'
        ? ''
        : `"generateName":${j(`${w.ownerName}-`)},`,
    // StatefulSet pods append their own two labels before the closing brace.
    labels: w.ownerKind === 'StatefulSet' ? `"labels":${labels.slice(0, -1)}` : `"labels":${labels}`,
    annotations: plainAnnotations,
    owner:
      `,"ownerReferences":[${j(owner)}]` +
      (w.ownerKind === 'Job' ? ',"finalizers":["batch.kubernetes.io/job-tracking"]' : ''),
    containers: w.containers.map((c) => containerPieces(ctx, c)),
    initContainers: w.initContainers.map((c) => containerPieces(ctx, c)),
    qos: `"qosClass":${j(w.qosClass)}`,
  };
  cache.set(w, p);
  return p;
}
