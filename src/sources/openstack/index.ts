export * from './openstack-client.port.js';
export * from './openstack-client.factory.js';
export {
  HttpOpenStackClient,
  DEFAULT_PAGE_SIZE,
  type HttpOpenStackClientOptions,
} from './openstack-http.client.js';
export { OpenStackHttp, type OpenStackHttpOptions } from './http/openstack-http.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './http/retry-policy.js';
export { OpenStackUsageCollector } from './usage/usage-collector.js';
export { resolveVo } from './usage/project-vo.js';
export type * from './usage/collect.types.js';
export { OpenStackModule } from './openstack.module.js';
export type * from './openstack.types.js';
