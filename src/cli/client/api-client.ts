import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { ErrorContext, httpError, networkError } from './api-errors.js';

export interface ApiClientOptions {
  /** From `--server` / `FEDWATCH_URL`; when absent, `http://127.0.0.1:${httpPort || 8080}`. */
  baseUrl?: string;
  /** `FEDWATCH_HTTP_PORT`, used only for the default base URL. */
  httpPort?: string | number;
  token?: string;
  /** Whole request, body included; default 30 s. */
  timeoutMs?: number;
}

export function defaultServerUrl(httpPort?: string | number): string {
  const port = httpPort === undefined || httpPort === '' ? 8080 : Number(httpPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new FedwatchError(
      ErrorCode.CONFIG_INVALID,
      `FEDWATCH_HTTP_PORT must be a port number, got "${httpPort}"`,
    );
  }
  return `http://127.0.0.1:${port}`;
}

function parseBaseUrl(raw: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new FedwatchError(
      ErrorCode.INVALID_ARGUMENT,
      `invalid server URL "${raw}": expected http(s)://host:port`,
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** The CLI's client of the fedwatch REST API; every failure is a FedwatchError, never with the token. */
export class ApiClient {
  readonly baseUrl: URL;
  /** The server as shown in messages: no credentials, no trailing slash. */
  readonly server: string;
  private readonly ctx: ErrorContext;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = parseBaseUrl(options.baseUrl || defaultServerUrl(options.httpPort));
    const shown = new URL(this.baseUrl);
    shown.username = '';
    shown.password = '';
    this.server = shown.href.replace(/\/$/, '');
    this.ctx = {
      server: this.server,
      token: options.token || undefined,
      timeoutMs: options.timeoutMs ?? 30_000,
    };
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    // Relative to the base URL, so a server URL with a path prefix (behind a proxy) keeps it.
    const url = new URL(path.replace(/^\/+/, ''), this.baseUrl);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.ctx.token) headers.authorization = `Bearer ${this.ctx.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.ctx.timeoutMs),
        redirect: 'manual', // never replay the bearer token to another place
      });
      status = res.status;
      if (status >= 300 && status < 400) {
        const location = res.headers.get('location') ?? '?';
        throw new FedwatchError(
          ErrorCode.INVALID_ARGUMENT,
          `the fedwatch service at ${this.server} redirects to ${location}: set --server or FEDWATCH_URL to the final URL`,
          { status, location },
        );
      }
      text = await res.text();
    } catch (err) {
      if (err instanceof FedwatchError) throw err;
      throw networkError(err, this.ctx);
    }
    if (status < 200 || status >= 300) throw httpError(status, text, this.ctx);
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new FedwatchError(
        ErrorCode.SOURCE_MALFORMED,
        `the fedwatch service at ${this.server} answered ${method} ${url.pathname} with invalid JSON`,
        { status },
      );
    }
  }
}
