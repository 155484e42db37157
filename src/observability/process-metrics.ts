import { Gauge, collectDefaultMetrics, type Registry } from 'prom-client';
import { packageVersion } from '../common/package-info.js';

/**
 * prom-client's default gauges `nodejs_active_{handles,requests,resources}_total` carry a counter
 * suffix on a gauge, which `promtool check metrics` rejects. They are dropped: the same counts stay
 * available, by type, as `nodejs_active_handles`, `nodejs_active_requests` and `nodejs_active_resources`.
 */
const LINT_FAILING = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of LINT_FAILING) registry.removeSingleMetric(name);

  const buildInfo = new Gauge({
    name: 'fedwatch_build_info',
    help: 'fedwatch build information; the value is always 1.',
    labelNames: ['version', 'node_version'],
    registers: [registry],
  });
  buildInfo.set({ version: packageVersion, node_version: process.version }, 1);
}
