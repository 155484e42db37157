/** What rendering needs beyond a record: salts for derived ids, node names and the quantity style. */
import { hexOf, salted } from './ids.js';

export interface RenderContext {
  podSalt: number;
  nodeSalt: number;
  namespaceSalt: number;
  /** Node names by index (nodes are never removed, so an index stays valid in old records). */
  nodeNames: readonly string[];
  /** The seeded "now": heartbeat times of healthy nodes are near it and do not move. */
  seedNowMs: number;
  nodeCount: number;
  canonical: boolean;
  kubernetesVersion: string;
  /** `imageID` (`repo@sha256:…`) per image, made once. */
  digests: Map<string, string>;
}

export function renderContext(
  seed: number,
  nodeNames: readonly string[],
  seedNowMs: number,
  canonical: boolean,
  kubernetesVersion: string,
): RenderContext {
  return {
    podSalt: salted(seed, 'pod'),
    nodeSalt: salted(seed, 'node'),
    namespaceSalt: salted(seed, 'namespace'),
    nodeNames,
    seedNowMs,
    nodeCount: nodeNames.length,
    canonical,
    kubernetesVersion,
    digests: new Map(),
  };
}

export function imageIdOf(ctx: RenderContext, image: string): string {
  let d = ctx.digests.get(image);
  if (!d) {
    let h = 0;
    for (let i = 0; i < image.length; i++) h = Math.imul(h ^ image.charCodeAt(i), 0x01000193);
    d = `${image.split(':')[0]!}@sha256:${hexOf(h >>> 0, image.length, 64)}`;
    ctx.digests.set(image, d);
  }
  return d;
}
