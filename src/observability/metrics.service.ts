import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';

/**
 * The one Prometheus registry of the process. Modules create their metrics on `registry`; the
 * /metrics endpoint and the optional metrics port expose it.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
}
