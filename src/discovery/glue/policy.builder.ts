import { entity, type GlueContext } from './glue-context.js';
import type { Policy } from './glue-document.types.js';

const SCHEME = 'org.glite.standard';

/** MappingPolicy of one share (glue-cloud-info.md §2.8): how cloud-info-api maps a share to its VO. */
export function buildMappingPolicy(ctx: GlueContext, shareId: string, vo: string): Policy {
  return {
    ...entity(ctx, ctx.ids.mappingPolicy(shareId), null, undefined, {
      Share: [shareId],
      PolicyUserDomain: [vo],
    }),
    Rule: [`VO:${vo}`],
    Scheme: SCHEME,
  };
}

/**
 * The endpoint's AccessPolicy (glue-cloud-info.md §2.8): every configured VO of the site, also those
 * whose share could not be read this time (v1.2.0 lists only the shares it built). Access is a fact of
 * the site's configuration, and the policy then does not change with a transient read failure.
 */
export function buildAccessPolicy(ctx: GlueContext, vos: readonly string[]): Policy {
  return {
    ...entity(ctx, ctx.ids.accessPolicy, null, undefined, { CloudComputingEndpoint: [ctx.ids.endpoint] }),
    Rule: [...new Set(vos)].map((vo) => `VO:${vo}`),
    Scheme: SCHEME,
  };
}
