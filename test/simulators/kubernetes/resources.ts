/** The three served resources: their kinds and how a record becomes JSON. */
import type { Json, NamespaceRecord, NodeRecord, PodRecord, ResourceName, StoredRecord } from './model.js';
import { renderNamespace } from './namespace.render.js';
import { renderNode } from './node.render.js';
import { podJson } from './pod.render.js';
import type { RenderContext } from './render.context.js';

export interface ResourceKind {
  resource: ResourceName;
  kind: string;
  listKind: string;
  namespaced: boolean;
  /** The object without `kind`/`apiVersion` (the list item shape). */
  json(ctx: RenderContext, r: StoredRecord): string;
}

export const KINDS: Record<ResourceName, ResourceKind> = {
  pods: {
    resource: 'pods',
    kind: 'Pod',
    listKind: 'PodList',
    namespaced: true,
    json: (ctx, r) => podJson(ctx, r as PodRecord),
  },
  nodes: {
    resource: 'nodes',
    kind: 'Node',
    listKind: 'NodeList',
    namespaced: false,
    json: (ctx, r) => JSON.stringify(renderNode(ctx, r as NodeRecord)),
  },
  namespaces: {
    resource: 'namespaces',
    kind: 'Namespace',
    listKind: 'NamespaceList',
    namespaced: false,
    json: (ctx, r) => JSON.stringify(renderNamespace(ctx, r as NamespaceRecord)),
  },
};

/** A single object or watch event object: `kind` and `apiVersion` first, as the API server writes them. */
export function withKind(kind: string, apiVersion: string, json: string): string {
  return `{"kind":"${kind}","apiVersion":"${apiVersion}",${json.slice(1)}`;
}

export function objectOf(ctx: RenderContext, resource: ResourceName, r: StoredRecord): Json {
  return JSON.parse(KINDS[resource].json(ctx, r)) as Json;
}
