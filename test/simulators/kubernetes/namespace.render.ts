/** A namespace record as the API object. */
import { iso, uidOf } from './ids.js';
import type { Json, NamespaceRecord } from './model.js';
import type { RenderContext } from './render.context.js';

export function renderNamespace(ctx: RenderContext, n: NamespaceRecord): Json {
  const project = n.labels['field.cattle.io/projectId'];
  return {
    metadata: {
      name: n.name,
      uid: uidOf(ctx.namespaceSalt, n.serial),
      resourceVersion: String(n.rv),
      creationTimestamp: iso(n.createdMs),
      labels: n.labels,
      ...(project ? { annotations: { 'field.cattle.io/projectId': `local:${project}` } } : {}),
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: n.phase },
  };
}
