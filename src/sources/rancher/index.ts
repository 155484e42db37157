export * from './rancher-client.port.js';
export { HttpRancherClient, type HttpRancherClientOptions } from './rancher-http.client.js';
export { apiRoot, CLI_FILTERS, listUrl } from './rancher-query.js';
