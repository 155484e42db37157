import { z } from 'zod';
import type { SecretFiles } from './config.files.js';
import { crossFieldRules } from './config.rules.js';
import { schedule } from './config.schedules.js';
import {
  enumOf,
  int,
  list,
  nullable,
  onArray,
  onObject,
  optionalSecret,
  port,
  resolveSecret,
  secretPair,
  section,
  text,
  uniqueNames,
  url,
  type Ctx,
} from './config.schema.primitives.js';
import { kubernetesSchema, openStackSchema, rancherSchema } from './config.schema.sources.js';
import { accountingSchema, discoverySchema, federationSchema } from './config.schema.federation.js';
import type { ApiToken, AppConfig } from './config.types.js';

export { parseDuration, cronProblem } from './config.schedules.js';

/** A token in two entries would make the role it grants depend on list order. */
function distinctTokens(items: unknown, ctx: Ctx): void {
  const seen = new Map<string, number>();
  (items as unknown[]).forEach((item, index) => {
    const token = (item as { token?: unknown } | null)?.token;
    if (typeof token !== 'string') return;
    const first = seen.get(token);
    if (first === undefined) seen.set(token, index);
    else ctx.addIssue({ code: 'custom', path: [index, 'token'], message: `same token as [${first}]` });
  });
}

function apiSchema(files: SecretFiles) {
  const token = z
    .strictObject({
      name: text,
      role: enumOf(['read', 'admin']),
      token: optionalSecret,
      tokenFile: optionalSecret,
    })
    .superRefine(secretPair('token', files), onObject)
    .transform((t): ApiToken => ({
      name: t.name,
      role: t.role,
      token: resolveSecret(t.token, t.tokenFile, files),
    }));
  return section(
    z.strictObject({
      auth: enumOf(['tokens', 'none']).default('tokens'),
      tokens: list(token).superRefine(uniqueNames, onArray).superRefine(distinctTokens, onArray),
    }),
  );
}

/**
 * The schema of the merged raw input (file, then environment). `files` resolves `*File` secrets
 * so that the output holds the secrets themselves.
 */
export function createConfigSchema(files: SecretFiles): z.ZodType<AppConfig, unknown> {
  return z
    .strictObject({
      site: section(z.strictObject({ name: z.string().default(''), gocdbId: nullable(text) })),
      dataDir: text.default('./data'),
      httpHost: text.default('127.0.0.1'),
      httpPort: port(true).default(8080),
      grpcPort: port(true).default(9090),
      metricsPort: nullable(port(false)),
      logging: section(
        z.strictObject({
          level: enumOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
          format: enumOf(['auto', 'json', 'pretty']).default('auto'),
        }),
      ),
      database: section(
        z.strictObject({
          url: nullable(url(['postgres:', 'postgresql:'], 'a PostgreSQL')),
          poolSize: int(1, 1000).default(10),
          connectTimeoutSeconds: int(1).default(10),
        }),
      ),
      api: apiSchema(files),
      openstack: openStackSchema(files),
      rancher: rancherSchema(files),
      kubernetes: kubernetesSchema(),
      federation: federationSchema(),
      accounting: accountingSchema(),
      discovery: discoverySchema(),
      schedules: z.preprocess((v) => v ?? undefined, z.record(z.string(), schedule).default({})),
      shutdownGraceSeconds: int(0, 3600).default(30),
    })
    .superRefine(crossFieldRules, onObject)
    .transform((config): AppConfig => ({
      ...config,
      openstack: {
        sites: config.openstack.sites.map((s) => ({ ...s, siteName: s.siteName ?? config.site.name })),
      },
    }));
}
