/**
 * A pod record as the API object, written straight to JSON (list item shape: no `kind` or
 * `apiVersion`). `renderPod` parses that JSON back, so both forms always agree.
 */
import { iso, uidOf } from './ids.js';
import type { Json, PodRecord } from './model.js';
import { piecesOf } from './pod.fragments.js';
import { podStatusJson } from './pod.status.js';
import type { RenderContext } from './render.context.js';

/** The workload's labels plus the per-pod ones StatefulSets add. */
export function podLabels(p: PodRecord): Record<string, string> {
  const w = p.workload;
  if (w.ownerKind !== 'StatefulSet') return w.labels;
  return {
    ...w.labels,
    'apps.kubernetes.io/pod-index': p.name.slice(w.ownerName.length + 1),
    'statefulset.kubernetes.io/pod-name': p.name,
  };
}

function metadataJson(ctx: RenderContext, p: PodRecord): string {
  const w = p.workload;
  const pieces = piecesOf(ctx, w);
  const uid = uidOf(ctx.podSalt, p.serial);
  const deletion =
    p.deletingMs === null
      ? ''
      : `"deletionTimestamp":"${iso(p.deletingMs + 30_000)}","deletionGracePeriodSeconds":30,`;
  const labels =
    w.ownerKind === 'StatefulSet'
      ? `${pieces.labels},"apps.kubernetes.io/pod-index":"${p.name.slice(w.ownerName.length + 1)}","statefulset.kubernetes.io/pod-name":"${p.name}"}`
      : pieces.labels;
  let annotations = pieces.annotations;
  if (w.ownerKind === 'Node') {
    // Mirror pods of static pods carry the kubelet's config annotations.
    const hash = uid.replace(/-/g, '');
    const seen = iso(p.createdMs).replace('Z', '.000000000Z');
    annotations = `,"annotations":{"kubernetes.io/config.hash":"${hash}","kubernetes.io/config.mirror":"${hash}","kubernetes.io/config.seen":"${seen}","kubernetes.io/config.source":"file"}`;
  }
  return (
    `{"name":"${p.name}",${pieces.generateName}"namespace":"${p.namespace}","uid":"${uid}",` +
    `"resourceVersion":"${p.rv}","creationTimestamp":"${iso(p.createdMs)}",${deletion}${labels}` +
    `${annotations}${pieces.owner}}`
  );
}

export function podJson(ctx: RenderContext, p: PodRecord): string {
  const { spec } = piecesOf(ctx, p.workload);
  const withNode = p.node < 0 ? spec : `${spec.slice(0, -1)},"nodeName":"${ctx.nodeNames[p.node]!}"}`;
  return `{"metadata":${metadataJson(ctx, p)},"spec":${withNode},"status":${podStatusJson(ctx, p)}}`;
}

export function renderPod(ctx: RenderContext, p: PodRecord): Json {
  return JSON.parse(podJson(ctx, p)) as Json;
}
