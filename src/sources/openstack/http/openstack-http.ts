import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { setTimeout as delay } from 'node:timers/promises';
import type { Registry } from 'prom-client';
import { rejectedError, unreachableError, type ServiceLabel } from '../openstack-errors.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { requestDurationHistogram, type RequestDurationHistogram } from './request-metrics.js';
import {
  DEFAULT_RETRY_POLICY,
  isPermanentNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy,
} from './retry-policy.js';

export interface HttpRequest {
  service: ServiceLabel;
  method: 'GET' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  /** Serialized as JSON. */
  json?: unknown;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface OpenStackHttpOptions {
  timeoutMs: number;
  /** Concurrent requests per service endpoint (service + host:port); keep-alive sockets per host. */
  maxConcurrency: number;
  /** Extra trusted CA certificates (PEM), added to the system roots. */
  caPem?: string | null;
  retry?: Partial<RetryPolicy>;
  registry?: Registry;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** A request that took longer than the per-request timeout (connect, headers and body). */
class RequestTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`no complete response within ${ms / 1000}s`);
  }
}

/** identity, compute, image, network, volume. */
const SERVICES = 5;

type Attempt = { response: HttpResponse } | { error: NodeJS.ErrnoException };

function cutOff(cause: Error | null | undefined): NodeJS.ErrnoException {
  if (cause) return cause;
  return Object.assign(new Error('connection closed before the response was complete'), {
    code: 'ECONNRESET',
  });
}

/**
 * The HTTP layer shared by every client of one site: keep-alive agents (with the site's CA),
 * a per-request timeout, a bound on concurrent requests per endpoint, retries with backoff on
 * 5xx/429/network errors, and the request-duration histogram. It returns any final response
 * (2xx or non-retryable 4xx) to the caller, and throws SOURCE_UNREACHABLE when retries run out.
 */
export class OpenStackHttp {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly limiter: ConcurrencyLimiter;
  private readonly policy: RetryPolicy;
  private readonly metric?: RequestDurationHistogram;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: OpenStackHttpOptions) {
    // The limiter bounds each service; the five services may share one host (behind a proxy).
    const agentOptions = { keepAlive: true, maxSockets: options.maxConcurrency * SERVICES };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent({
      ...agentOptions,
      ...(options.caPem ? { ca: [...rootCertificates, options.caPem] } : {}),
    });
    this.limiter = new ConcurrencyLimiter(options.maxConcurrency);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.metric = options.registry ? requestDurationHistogram(options.registry) : undefined;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      // Per service endpoint: Nova, Glance, … behind one proxy host are still bounded separately.
      const release = await this.limiter.acquire(`${request.service} ${request.url.host}`);
      let outcome: Attempt;
      try {
        outcome = await this.attempt(request);
      } finally {
        release();
      }
      if ('response' in outcome && !isRetryableStatus(outcome.response.status)) return outcome.response;
      const permanent = 'error' in outcome && isPermanentNetworkError(outcome.error.code);
      if (permanent || attempt >= this.policy.maxAttempts) throw this.giveUp(request, outcome, attempt);
      const retryAfter =
        'response' in outcome
          ? parseRetryAfter(header(outcome.response, 'retry-after'), this.now())
          : undefined;
      await this.sleep(retryDelayMs(this.policy, attempt, this.random, retryAfter));
    }
  }

  /** Closes idle keep-alive sockets; in-flight requests finish. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private attempt(request: HttpRequest): Promise<Attempt> {
    const { url, method } = request;
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const isHttps = url.protocol === 'https:';
    const transport = isHttps ? https : http;
    const agent = isHttps ? this.httpsAgent : this.httpAgent;
    const stopTimer = this.metric?.startTimer({ service: request.service, method });

    return new Promise<Attempt>((resolve) => {
      let settled = false;
      const finish = (outcome: Attempt): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopTimer?.({ code: 'response' in outcome ? String(outcome.response.status) : 'error' });
        resolve(outcome);
      };
      const req = transport.request(url, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          finish({
            response: {
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            },
          }),
        );
        res.on('error', (error) => finish({ error }));
        // A body cut off (timeout, reset) may end with neither 'end' nor 'error'.
        res.on('close', () => finish({ error: cutOff(req.destroyed ? req.errored : null) }));
      });
      const timer = setTimeout(
        () => req.destroy(new RequestTimeout(this.options.timeoutMs)),
        this.options.timeoutMs,
      );
      req.on('error', (error) => finish({ error }));
      req.end(body);
    });
  }

  private giveUp(request: HttpRequest, outcome: Attempt, attempts: number) {
    const tries = attempts === 1 ? '' : ` (after ${attempts} attempts)`;
    if ('response' in outcome) {
      const { status } = outcome.response;
      const requestId = header(outcome.response, 'x-openstack-request-id');
      const last = rejectedError(request.service, request.url, status, outcome.response.body, requestId);
      return unreachableError(
        request.service,
        request.url,
        `HTTP ${status}${tries}`,
        { status, attempts, ...(requestId ? { requestId } : {}) },
        last,
      );
    }
    const { error } = outcome;
    let reason =
      error.code && !error.message.includes(error.code) ? `${error.code} ${error.message}` : error.message;
    if (isPermanentNetworkError(error.code)) reason += ' (TLS: is the right CA in caBundle?)';
    return unreachableError(
      request.service,
      request.url,
      `${reason}${tries}`,
      { attempts, errno: error.code },
      error,
    );
  }
}

export function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
