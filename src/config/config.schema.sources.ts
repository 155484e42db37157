import { z } from 'zod';
import type { SecretFiles } from './config.files.js';
import type { KubernetesCluster, OpenStackCredential, RancherServer } from './config.types.js';
import {
  bool,
  enumOf,
  int,
  list,
  nullable,
  onArray,
  onObject,
  optionalSecret,
  resolveSecret,
  secretPair,
  section,
  text,
  uniqueNames,
  url,
  type Ctx,
} from './config.schema.primitives.js';

const httpUrl = (what: string) => url(['http:', 'https:'], what);

// Rancher API keys are `token-<id>:<secret>`; extension tokens (Rancher ≥ 2.12) are `ext/<name>:<secret>`.
const RANCHER_TOKEN = /^(?:token-[a-z0-9]+|ext\/[A-Za-z0-9._-]+):\S+$/;

function credentialSchema(files: SecretFiles) {
  const applicationCredential = z
    .strictObject({
      type: z.literal('applicationCredential'),
      id: text,
      secret: optionalSecret,
      secretFile: optionalSecret,
    })
    .superRefine(secretPair('secret', files), onObject)
    .transform((c): OpenStackCredential => ({
      type: 'applicationCredential',
      id: c.id,
      secret: resolveSecret(c.secret, c.secretFile, files),
    }));

  const scope = z.union(
    [
      z.strictObject({ system: z.literal('all', { error: 'expected all' }) }),
      z.strictObject({ project: text, projectDomain: text.default('Default') }),
    ],
    { error: 'expected {system: all} or {project, projectDomain}' },
  );

  const password = z
    .strictObject({
      type: z.literal('password'),
      username: text,
      password: optionalSecret,
      passwordFile: optionalSecret,
      userDomain: text.default('Default'),
      scope,
    })
    .superRefine(secretPair('password', files), onObject)
    .transform((c): OpenStackCredential => ({
      type: 'password',
      username: c.username,
      password: resolveSecret(c.password, c.passwordFile, files),
      userDomain: c.userDomain,
      scope: c.scope,
    }));

  return z.discriminatedUnion('type', [applicationCredential, password]);
}

function siteRules(value: unknown, ctx: Ctx): void {
  const site = value as Record<string, unknown>;
  const vos = Array.isArray(site.vos) ? site.vos : [];
  if ((site.credential === undefined || site.credential === null) && vos.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['credential'],
      message: 'required: set credential (one credential reading every project) or vos (one per VO)',
    });
  }
  const projects = site.projects as { select?: unknown; ids?: unknown } | undefined;
  if (projects?.select === 'ids' && Array.isArray(projects.ids) && projects.ids.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['projects', 'ids'], message: 'required with select: ids' });
  }
}

export function openStackSchema(files: SecretFiles) {
  const credential = credentialSchema(files);
  const vo = z.strictObject({ name: text, project: text, credential });
  const site = z
    .strictObject({
      name: text,
      siteName: text.optional(),
      authUrl: httpUrl('an HTTP'),
      region: nullable(text),
      interface: enumOf(['public', 'internal', 'admin']).default('public'),
      caBundle: nullable(text),
      credential: nullable(credential),
      vos: list(vo).superRefine(uniqueNames, onArray),
      projects: section(
        z.strictObject({
          select: enumOf(['all', 'ids', 'tag']).default('all'),
          ids: list(text),
          tag: text.default('caso'),
        }),
      ),
      voProperty: text.default('VO'),
      voMap: z.record(z.string(), text).default({}),
      timeoutSeconds: int(1).default(30),
      maxConcurrency: int(1, 1000).default(8),
    })
    .superRefine(siteRules, onObject);
  return section(z.strictObject({ sites: list(site).superRefine(uniqueNames, onArray) }));
}

export function rancherSchema(files: SecretFiles) {
  const tokenProblem = (token: string) =>
    RANCHER_TOKEN.test(token) ? null : 'expected a Rancher API token like token-xxxxx:secret';
  const server = z
    .strictObject({
      name: text,
      url: httpUrl('an HTTP'),
      token: optionalSecret,
      tokenFile: optionalSecret,
      caBundle: nullable(text),
      timeoutSeconds: int(1).default(30),
    })
    .superRefine(secretPair('token', files, tokenProblem), onObject)
    .transform((s): RancherServer => ({
      name: s.name,
      url: s.url,
      token: resolveSecret(s.token, s.tokenFile, files),
      caBundle: s.caBundle,
      timeoutSeconds: s.timeoutSeconds,
    }));
  return section(z.strictObject({ servers: list(server).superRefine(uniqueNames, onArray) }));
}

function clusterRules(value: unknown, ctx: Ctx): void {
  const cluster = value as Record<string, unknown>;
  const hasKubeconfig = typeof cluster.kubeconfig === 'string' && cluster.kubeconfig !== '';
  if (hasKubeconfig === (cluster.inCluster === true)) {
    const message = hasKubeconfig
      ? 'set either kubeconfig or inCluster: true, not both'
      : 'required: set kubeconfig or inCluster: true';
    ctx.addIssue({ code: 'custom', path: ['kubeconfig'], message });
  }
  if (!hasKubeconfig && typeof cluster.context === 'string' && cluster.context !== '') {
    ctx.addIssue({
      code: 'custom',
      path: ['context'],
      message: 'context selects a kubeconfig context; set kubeconfig',
    });
  }
}

export function kubernetesSchema() {
  const cluster = z
    .strictObject({
      name: text,
      kubeconfig: nullable(text),
      context: nullable(text),
      inCluster: bool.default(false),
    })
    .superRefine(clusterRules, onObject)
    .transform((c): KubernetesCluster => c);
  return section(z.strictObject({ clusters: list(cluster).superRefine(uniqueNames, onArray) }));
}
