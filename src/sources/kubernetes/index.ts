export * from './kubernetes-client.port.js';
export {
  createKubernetesClient,
  WatchingKubernetesClientFactory,
  type KubernetesClientOptions,
} from './kubernetes-client.factory.js';
export { WatchingKubernetesClient, type WatchingKubernetesClientOptions } from './kubernetes-watch.client.js';
export type { WatchLogger } from './kubernetes-watch.state.js';
export {
  KubernetesHttp,
  type KubernetesTransport,
  type Query,
  type StreamOptions,
} from './kubernetes-http.js';
export { loadKubeAccess, type KubeAccess } from './kubeconfig.loader.js';
export { DEFAULT_WATCH_BACKOFF, type WatchBackoffPolicy } from './watch-backoff.js';
export { KubernetesModule } from './kubernetes.module.js';
