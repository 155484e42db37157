import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Histogram } from 'prom-client';
import { finalize, type Observable } from 'rxjs';
import { MetricsService } from './metrics.service.js';

/** Request durations by route template (not raw path, which would explode label cardinality). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  private readonly duration: Histogram<'method' | 'route' | 'code'>;

  constructor(metrics: MetricsService) {
    this.duration = new Histogram({
      name: 'fedwatch_http_request_duration_seconds',
      help: 'Duration of HTTP requests served by the REST API.',
      labelNames: ['method', 'route', 'code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const end = this.duration.startTimer({ method: req.method });
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    return next.handle().pipe(finalize(() => end({ route, code: String(res.statusCode) })));
  }
}
