/**
 * Replies: a JSON body, or a stream written with backpressure (lists of 150,000 pods are
 * 570 MB: never one string), and the `Status` objects the API server answers errors with.
 */
import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';

export interface BodyReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface StreamReply {
  status: number;
  headers: Record<string, string>;
  /** Large enough for kube-apiserver to gzip it (when the client accepts gzip). */
  compressible?: boolean;
  /** Writes the body to `out` (the response, or a gzip stream into it) and ends it. */
  stream(out: Writable, res: ServerResponse): Promise<void>;
}

export type Reply = BodyReply | StreamReply;

export const JSON_TYPE = 'application/json';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): BodyReply {
  return {
    status,
    headers: { 'Content-Type': JSON_TYPE, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

export function text(status: number, body: string): BodyReply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body };
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The `Status` object of a failure (also the `object` of a watch ERROR event). */
export function statusObject(code: number, message: string, extra: Record<string, unknown> = {}) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: REASONS[code] ?? 'InternalError',
    ...extra,
    code,
  };
}

export function status(code: number, message: string, extra: Record<string, unknown> = {}): BodyReply {
  const headers: Record<string, string> = code === 429 || code === 503 ? { 'Retry-After': '1' } : {};
  return json(code, statusObject(code, message, extra), headers);
}

export const notFound = (resource: string, name: string): BodyReply =>
  status(404, `${resource} "${name}" not found`, { details: { name, kind: resource } });

/** The message kube-apiserver gives for a watch or list from a compacted resourceVersion. */
export const tooOld = (rv: number | string, oldest: number): string =>
  `too old resource version: ${rv} (${oldest})`;

/** Writes `chunks` to `res`, waiting for `drain` whenever the socket's buffer is full. */
export async function writeAll(res: Writable, chunks: Iterable<string>): Promise<boolean> {
  for (const chunk of chunks) {
    if (res.destroyed) return false;
    if (!res.write(chunk)) {
      const ok = await new Promise<boolean>((resolve) => {
        const done = (v: boolean) => {
          res.off('drain', onDrain);
          res.off('close', onClose);
          resolve(v);
        };
        const onDrain = () => done(true);
        const onClose = () => done(false);
        res.once('drain', onDrain);
        res.once('close', onClose);
      });
      if (!ok) return false;
    }
  }
  return true;
}

/** Groups small strings into writes of about `size` characters. */
export function* batched(parts: Iterable<string>, size = 64 * 1024): Generator<string> {
  let buf = '';
  for (const p of parts) {
    buf += p;
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
