import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { KubernetesCluster } from '../../config/config.types.js';

/**
 * How to reach one cluster's API server: the server URL, a keep-alive agent carrying the TLS
 * material, and the request headers (credentials). The ONLY file that imports
 * `@kubernetes/client-node`: fedwatch uses the library for kubeconfig parsing and authentication
 * (tokens, client certificates, exec and OIDC plugins, in-cluster service accounts) and nothing
 * else, so upgrading it touches this file alone.
 */
export interface KubeAccess {
  readonly server: URL;
  /** Keep-alive agent (or the library's proxy agent when the kubeconfig names a `proxy-url`). */
  readonly agent: http.Agent;
  /**
   * Headers for the next request. Evaluated per request because exec plugins and projected
   * service-account tokens rotate credentials.
   */
  headers(): Promise<Record<string, string>>;
  close(): void;
}

type RequestOptions = https.RequestOptions & { headers?: Record<string, unknown> };

/** Loads the entry's kubeconfig (or the in-cluster service account); CONFIG_INVALID when unusable. */
export async function loadKubeAccess(entry: KubernetesCluster): Promise<KubeAccess> {
  const kc = new KubeConfig();
  try {
    if (entry.inCluster) kc.loadFromCluster();
    else kc.loadFromFile(entry.kubeconfig ?? '');
  } catch (err) {
    throw configError(entry, `kubeconfig ${entry.kubeconfig ?? '(none)'} cannot be read`, err);
  }
  if (entry.context) {
    if (!kc.getContextObject(entry.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw configError(
        entry,
        `context "${entry.context}" is not in the kubeconfig (it has: ${known.join(', ') || 'none'})`,
      );
    }
    kc.setCurrentContext(entry.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server)
    throw configError(entry, 'the kubeconfig has no current context with a cluster server');
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch (err) {
    throw configError(entry, `server "${cluster.server}" is not a URL`, err);
  }

  if (server.protocol === 'http:' && !cluster.skipTLSVerify) {
    // The library refuses this too, later and less clearly; plain HTTP is for loopback simulators.
    throw configError(
      entry,
      `server ${server.origin} is plain http:// without insecure-skip-tls-verify: true`,
    );
  }
  const first = await apply(kc, entry);
  const agent = cluster.proxyUrl ? (first.agent as http.Agent) : keepAliveAgent(server, first);
  return {
    server,
    agent,
    headers: async () => headersOf(await apply(kc, entry)),
    close: () => agent.destroy(),
  };
}

async function apply(kc: KubeConfig, entry: KubernetesCluster): Promise<RequestOptions> {
  const options: RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(options);
  } catch (err) {
    // e.g. plain http:// without skipTLSVerify, an unreadable client key, a failing exec plugin.
    throw new FedwatchError(
      ErrorCode.SOURCE_REJECTED,
      `Kubernetes cluster "${entry.name}": credentials cannot be prepared: ${(err as Error).message}`,
      { cluster: entry.name },
      { cause: err },
    );
  }
  return options;
}

function keepAliveAgent(server: URL, tls: RequestOptions): http.Agent {
  const common = { keepAlive: true, maxSockets: 16 };
  if (server.protocol === 'http:') return new http.Agent(common);
  return new https.Agent({
    ...common,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    pfx: tls.pfx,
    passphrase: tls.passphrase,
    servername: tls.servername,
    ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
  });
}

function headersOf(options: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') headers[key] = String(value);
    else if (Array.isArray(value)) headers[key] = value.join(', ');
  }
  if (options.auth) headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
  return headers;
}

function configError(entry: KubernetesCluster, problem: string, cause?: unknown): FedwatchError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new FedwatchError(
    ErrorCode.CONFIG_INVALID,
    `Kubernetes cluster "${entry.name}": ${problem}${reason}`,
    { cluster: entry.name, ...(entry.kubeconfig ? { kubeconfig: entry.kubeconfig } : {}) },
    { cause },
  );
}
