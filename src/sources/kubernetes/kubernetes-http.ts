import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { FedwatchError } from '../../common/errors/index.js';
import type { KubeAccess } from './kubeconfig.loader.js';
import {
  malformedError,
  rejectedError,
  statusOf,
  unreachableError,
  type RequestTarget,
} from './kubernetes-errors.js';
import { NdjsonSplitter } from './ndjson.js';

export type Query = Readonly<Record<string, string>>;

/**
 * The two kinds of request the adapter makes. Implementations translate every failure into a
 * FedwatchError (see kubernetes-errors.ts); `details.status` carries the HTTP status when there
 * was one, so that callers can tell a 410 Gone from the rest.
 */
export interface KubernetesTransport {
  readonly server: URL;
  /** GET one JSON document (a list page, `/version`, node metrics). */
  getJson(path: string, query?: Query, signal?: AbortSignal): Promise<unknown>;
  /**
   * GET a stream of newline-delimited JSON (a watch), handing each value to `onValue` as it
   * arrives; resolves when the server ends the stream. An exception from `onValue` ends the
   * request and rejects with that exception.
   */
  stream(
    path: string,
    query: Query,
    onValue: (value: unknown) => void,
    options: StreamOptions,
  ): Promise<void>;
  close(): void;
}

export interface StreamOptions {
  signal: AbortSignal;
  /** The whole stream is cut after this long (a server that stops sending without closing). */
  deadlineMs: number;
  /** The server accepted the request (HTTP 200); events may take a while. */
  onOpen?: () => void;
}

export interface KubernetesHttpOptions {
  /** The configured entry name, for messages. */
  cluster: string;
  requestTimeoutMs: number;
  /** Called whenever the server answered (any status): "when the source last answered". */
  onAnswer?: () => void;
  /**
   * Ask for gzip (default true, as client-go does): a 150,000-pod list is about 1 GB of JSON, a
   * tenth of that compressed. On loopback or a fast LAN, false saves both sides the CPU.
   */
  gzip?: boolean;
}

/** node:http(s) with the kubeconfig's agent and headers; gzip accepted (the API server compresses lists). */
export class KubernetesHttp implements KubernetesTransport {
  readonly server: URL;

  constructor(
    private readonly access: KubeAccess,
    private readonly options: KubernetesHttpOptions,
  ) {
    this.server = access.server;
  }

  async getJson(path: string, query: Query = {}, signal?: AbortSignal): Promise<unknown> {
    const target = this.target(path);
    const res = await this.open(path, query, this.options.requestTimeoutMs, signal);
    const body = await readAll(res.body).catch((err: Error) => {
      throw unreachableError(target, `response cut off: ${err.message}`, {}, err);
    });
    if (res.status < 200 || res.status >= 300) throw failure(target, res.status, body);
    try {
      return JSON.parse(body);
    } catch (err) {
      throw malformedError(target, 'body is not JSON', err);
    }
  }

  async stream(path: string, query: Query, onValue: (value: unknown) => void, options: StreamOptions) {
    const target = this.target(path);
    const res = await this.open(path, query, options.deadlineMs, options.signal);
    if (res.status !== 200) {
      const body = await readAll(res.body).catch(() => '');
      throw failure(target, res.status, body);
    }
    options.onOpen?.();
    const splitter = new NdjsonSplitter(onValue);
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (err?: unknown) => {
        if (done) return;
        done = true;
        if (err === undefined) return resolve();
        res.destroy();
        reject(err);
      };
      const guard = (fn: () => void) => {
        try {
          fn();
        } catch (err) {
          finish(
            err instanceof SyntaxError ? malformedError(target, `watch line: ${err.message}`, err) : err,
          );
        }
      };
      res.body.on('data', (chunk: Buffer) => guard(() => splitter.push(chunk)));
      res.body.on('end', () =>
        guard(() => {
          splitter.end();
          finish();
        }),
      );
      res.body.on('error', (err: Error) =>
        finish(unreachableError(target, `watch stream failed: ${err.message}`, {}, err)),
      );
      res.body.on('close', () => finish(unreachableError(target, 'watch stream closed before its end')));
    });
  }

  close(): void {
    this.access.close();
  }

  private target(path: string): RequestTarget {
    return { cluster: this.options.cluster, server: this.server, path };
  }

  /** Sends the request and waits for the status line; the body is left to the caller. */
  private async open(path: string, query: Query, timeoutMs: number, signal?: AbortSignal) {
    const target = this.target(path);
    const url = new URL(path, this.server);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const headers = {
      Accept: 'application/json',
      ...(this.options.gzip === false ? {} : { 'Accept-Encoding': 'gzip' }),
      ...(await this.access.headers()),
    };
    const transport = url.protocol === 'https:' ? https : http;
    if (signal?.aborted) throw Object.assign(new Error('stopped'), { name: 'AbortError' });
    return new Promise<{ status: number; body: Readable; destroy: () => void }>((resolve, reject) => {
      const req = transport.request(url, { method: 'GET', headers, agent: this.access.agent });
      const timer = setTimeout(
        () => req.destroy(new Error(`no complete answer within ${timeoutMs / 1000}s`)),
        timeoutMs,
      );
      const abort = () => req.destroy(Object.assign(new Error('stopped'), { name: 'AbortError' }));
      signal?.addEventListener('abort', abort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      };
      req.on('response', (res: IncomingMessage) => {
        this.options.onAnswer?.();
        res.on('close', cleanup);
        const gzip = /\bgzip\b/.test(String(res.headers['content-encoding'] ?? ''));
        const body = gzip ? res.pipe(createGunzip()) : res;
        if (gzip) res.on('error', (err) => body.destroy(err));
        resolve({ status: res.statusCode ?? 0, body, destroy: () => req.destroy() });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        cleanup();
        if (err.name === 'AbortError') return reject(err);
        const reason =
          err.code && !err.message.includes(err.code) ? `${err.code} ${err.message}` : err.message;
        reject(unreachableError(target, reason, { errno: err.code }, err));
      });
      req.end();
    });
  }
}

function failure(target: RequestTarget, status: number, body: string): FedwatchError {
  if (status === 429 || status >= 500) {
    const { message } = statusOf(body);
    const reason = `HTTP ${status}${message ? `: ${message}` : ''}`;
    return unreachableError(target, reason, { status }, rejectedError(target, status, body));
  }
  return rejectedError(target, status, body);
}

function readAll(body: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    body.on('error', reject);
    body.on('close', () => {
      if (!ended) reject(new Error('connection closed before the body was complete'));
    });
  });
}
