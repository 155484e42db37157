import type { OpenStackCredential } from '../../config/config.types.js';
import { entity, type GlueContext, present } from './glue-context.js';
import type { CloudComputingEndpoint, HealthState } from './glue-document.types.js';
import type { GlueEndpointInput, GlueShareInput } from './glue-input.types.js';

/** keystoneauth plugin names, as cloud-info-provider writes `Authentication`. */
const AUTH_PLUGIN: Record<OpenStackCredential['type'], string> = {
  applicationCredential: 'v3applicationcredential',
  password: 'v3password',
};

export interface EndpointHealth {
  state: HealthState;
  info: string;
}

/**
 * `ok` when every share was read; `warning` with the errors when some failed (the document keeps the
 * others); `unknown` when none could be read or none is configured. v1.2.0 writes `warn` and
 * `UNKNOWN` there, neither of which is in GLUE's enumeration.
 */
export function healthOf(shares: readonly GlueShareInput[]): EndpointHealth {
  const failed = shares.filter((s) => s.error !== undefined);
  const reasons = failed.map((s) => `${s.vo}: ${s.error}`).join('; ');
  if (shares.length === 0) return { state: 'unknown', info: 'No VO is configured for this endpoint' };
  if (failed.length === shares.length)
    return { state: 'unknown', info: `No share could be read: ${reasons}` };
  if (failed.length > 0) {
    return { state: 'warning', info: `${failed.length} of ${shares.length} shares failed: ${reasons}` };
  }
  return { state: 'ok', info: 'Endpoint functioning properly' };
}

/**
 * The CloudComputingEndpoint (glue-cloud-info.md §2.3): `URL` is the Keystone URL, not Nova's;
 * `InterfaceVersion` is Nova's base API version (`min_version`, `2.1`) and `ImplementationVersion` its
 * maximum microversion. `OtherInfo` carries `auditor_role` when checked and `producer`
 * (`fedwatch/<version>`, fedwatch's addition).
 */
export function buildEndpoint(
  ctx: GlueContext,
  input: GlueEndpointInput,
  siteName: string,
  health: EndpointHealth,
  producerVersion: string,
): CloudComputingEndpoint {
  const id = ctx.ids.endpoint;
  if (input.novaVersion === null) {
    const message =
      'Nova version document not read: published without InterfaceVersion and ImplementationVersion';
    ctx.problems.add({ objectType: 'endpoint', id, field: 'novaVersion', message, skipped: false });
  }
  const otherInfo = present({ auditor_role: input.auditorRole, producer: `fedwatch/${producerVersion}` });
  return {
    ...entity(ctx, id, `Cloud computing endpoint for ${id}`, otherInfo, {
      CloudComputingService: [ctx.ids.service],
    }),
    Capability: [],
    QualityLevel: 'production',
    InterfaceName: 'org.openstack.nova',
    ...present({ InterfaceVersion: input.novaVersion?.min_version }),
    HealthState: health.state,
    HealthStateInfo: health.info,
    ServingState: 'production',
    Technology: 'webservice',
    Implementor: 'OpenStack Foundation',
    ImplementationName: 'OpenStack Nova',
    ...present({ ImplementationVersion: input.novaVersion?.version }),
    DowntimeInfo: `https://goc.egi.eu/portal/index.php?Page_Type=Downtimes_Calendar&site=${siteName}`,
    Semantics: 'https://developer.openstack.org/api-ref/compute',
    ...present({
      Authentication: input.authType ? AUTH_PLUGIN[input.authType] : undefined,
      IssuerCA: input.issuerCa,
    }),
    TrustedCA: [...(input.trustedCa ?? [])],
    URL: input.url,
  };
}
