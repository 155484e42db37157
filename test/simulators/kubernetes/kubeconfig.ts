/**
 * Kubeconfigs pointing at the simulator. Over plain HTTP the cluster entry needs
 * `insecure-skip-tls-verify: true` (@kubernetes/client-node refuses `http://` otherwise); with TLS
 * it carries the throwaway CA as `certificate-authority-data`.
 */
import YAML from 'yaml';
import type { Json } from './model.js';

export interface KubeconfigOptions {
  /** Cluster and context name (default `simulated`); the user is `<name>-reader`. */
  name?: string;
  /** Bearer token to write (default: the simulator's; a wrong one makes every request 401). */
  token?: string;
  /** Default namespace of the context. */
  namespace?: string;
}

export interface KubeEndpoint {
  url: string;
  token: string;
  /** PEM of the CA that signed the server certificate; null over HTTP. */
  caPem: string | null;
}

export function kubeconfigObject(e: KubeEndpoint, o: KubeconfigOptions = {}): Json {
  const name = o.name ?? 'simulated';
  const user = `${name}-reader`;
  const cluster: Json = { server: e.url };
  if (e.caPem) cluster['certificate-authority-data'] = Buffer.from(e.caPem).toString('base64');
  else cluster['insecure-skip-tls-verify'] = true;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    contexts: [
      { name, context: { cluster: name, user, ...(o.namespace ? { namespace: o.namespace } : {}) } },
    ],
    'current-context': name,
    preferences: {},
    users: [{ name: user, user: { token: o.token ?? e.token } }],
  };
}

export function kubeconfigYaml(e: KubeEndpoint, o: KubeconfigOptions = {}): string {
  return YAML.stringify(kubeconfigObject(e, o));
}
