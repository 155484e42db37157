import { Histogram, type Registry } from 'prom-client';

const NAME = 'fedwatch_openstack_request_duration_seconds';

export type RequestDurationHistogram = Histogram<'service' | 'method' | 'code'>;

/**
 * `fedwatch_openstack_request_duration_seconds{service,method,code}`, one observation per HTTP
 * attempt (`code` is the status, or `error` when no response came). Created once per registry:
 * every site's transport shares it.
 */
export function requestDurationHistogram(registry: Registry): RequestDurationHistogram {
  const existing = registry.getSingleMetric(NAME);
  if (existing) return existing as RequestDurationHistogram;
  return new Histogram({
    name: NAME,
    help: 'Duration of HTTP requests to OpenStack APIs, per attempt.',
    labelNames: ['service', 'method', 'code'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
}
