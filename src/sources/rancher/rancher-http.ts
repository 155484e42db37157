import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { setTimeout as delay } from 'node:timers/promises';
// The retry rules are the OpenStack adapter's (5xx/429/network retried, TLS failures permanent):
// generic, so shared rather than copied.
import {
  DEFAULT_RETRY_POLICY,
  isPermanentNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy,
} from '../openstack/http/retry-policy.js';
import { rejectedError, unreachableError, type ServerRef } from './rancher-errors.js';

export interface RancherResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RancherHttpOptions {
  server: ServerRef;
  /** Per attempt: connect, headers and the whole body. */
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM), added to the system roots. */
  caPem?: string | null;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

type Attempt = { response: RancherResponse } | { error: NodeJS.ErrnoException };

class RequestTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`no complete response within ${ms / 1000}s`);
  }
}

/**
 * The HTTP layer of one Rancher server: keep-alive agents (with the server's CA), a per-attempt
 * timeout, and retries with backoff on 5xx, 429 and network errors. Returns any final response
 * (2xx or 4xx) and throws SOURCE_UNREACHABLE when retries run out.
 */
export class RancherHttp {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  private readonly httpsAgent: https.Agent;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: RancherHttpOptions) {
    const ca = options.caPem ? { ca: [...rootCertificates, options.caPem] } : {};
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 4, ...ca });
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  async get(url: URL, headers: Record<string, string>): Promise<RancherResponse> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(url, headers);
      if ('response' in outcome && !isRetryableStatus(outcome.response.status)) return outcome.response;
      const permanent = 'error' in outcome && isPermanentNetworkError(outcome.error.code);
      if (permanent || attempt >= this.policy.maxAttempts) throw this.giveUp(url, outcome, attempt);
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

  private attempt(url: URL, headers: Record<string, string>): Promise<Attempt> {
    const isHttps = url.protocol === 'https:';
    const transport = isHttps ? https : http;
    const agent = isHttps ? this.httpsAgent : this.httpAgent;
    return new Promise<Attempt>((resolve) => {
      let settled = false;
      const finish = (outcome: Attempt): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const req = transport.request(url, { method: 'GET', headers, agent }, (res) => {
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
        res.on('close', () => finish({ error: req.errored ?? closedEarly() }));
      });
      const timer = setTimeout(
        () => req.destroy(new RequestTimeout(this.options.timeoutMs)),
        this.options.timeoutMs,
      );
      req.on('error', (error) => finish({ error }));
      req.end();
    });
  }

  private giveUp(url: URL, outcome: Attempt, attempts: number) {
    const { server } = this.options;
    const tries = attempts === 1 ? '' : ` (after ${attempts} attempts)`;
    if ('response' in outcome) {
      const { status, body } = outcome.response;
      const last = rejectedError(server, url, status, body);
      return unreachableError(server, url, `HTTP ${status}${tries}`, { status, attempts }, last);
    }
    const { error } = outcome;
    let reason =
      error.code && !error.message.includes(error.code) ? `${error.code} ${error.message}` : error.message;
    if (isPermanentNetworkError(error.code)) reason += ' (TLS: is the right CA in caBundle?)';
    return unreachableError(server, url, `${reason}${tries}`, { attempts, errno: error.code }, error);
  }
}

function closedEarly(): NodeJS.ErrnoException {
  return Object.assign(new Error('connection closed before the response was complete'), {
    code: 'ECONNRESET',
  });
}

export function header(response: RancherResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
