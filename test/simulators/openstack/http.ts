/** Replies, the request context and the helpers every service's routes share. */
import type { IncomingMessage } from 'node:http';
import type { TokenInfo } from './tokens.js';
import type { SimState } from './state.js';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Ctx {
  req: IncomingMessage;
  method: string;
  /** Path without an `/internal` or `/admin` interface prefix. */
  path: string;
  query: URLSearchParams;
  /** Simulator URL plus the interface prefix the request used: the base of links in replies. */
  origin: string;
  state: SimState;
  /** The validated `X-Auth-Token`, set before routes that need one run. */
  token: TokenInfo;
  /** Request body (POST), already read. */
  body: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return raw(status, typeof body === 'string' ? body : JSON.stringify(body), 'application/json', headers);
}

export function raw(
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Reply {
  return { status, body, headers: { 'Content-Type': contentType, ...headers } };
}

/** Nova and Cinder fault bodies: `{"itemNotFound": {"code": 404, "message": …}}`. */
export function novaFault(status: number, message: string): Reply {
  const names: Record<number, string> = {
    400: 'badRequest',
    403: 'forbidden',
    404: 'itemNotFound',
    409: 'conflictingRequest',
  };
  return json(status, { [names[status] ?? 'computeFault']: { code: status, message } });
}

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Keystone's (and keystonemiddleware's) error body. */
export function keystoneError(status: number, message: string): Reply {
  return json(status, { error: { code: status, message, title: TITLES[status] ?? 'Error' } });
}

export const UNAUTHORIZED = 'The request you have made requires authentication.';

/** Glance (and any proxy) error pages are small HTML documents. */
export function htmlError(status: number, detail: string): Reply {
  const title = `${status} ${TITLES[status] ?? 'Error'}`;
  const body = `<html>\n <head>\n  <title>${title}</title>\n </head>\n <body>\n  <h1>${title}</h1>\n  ${detail}<br /><br />\n\n\n\n </body>\n</html>`;
  return raw(status, body, 'text/html; charset=UTF-8');
}

/** An admin (system scope, or the `admin` role) sees every project. */
export const privileged = (token: TokenInfo): boolean => token.system || token.roles.includes('admin');

/** oslo `bool_from_string(strict=True)`; undefined when the text is neither. */
export function parseBool(text: string): boolean | undefined {
  const v = text.trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(v)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(v)) return false;
  return undefined;
}

/** A page size: the API maximum when absent, capped at it; null when not a non-negative integer. */
export function parseLimit(text: string | null, max: number, fallback = max): number | null {
  if (text === null) return fallback;
  if (!/^\d+$/.test(text)) return null;
  return Math.min(Number(text), max);
}

/** The page after `marker` (exclusive); `null` when the marker is not in `items`. */
export function pageAfter<T extends { id: string }>(
  items: readonly T[],
  marker: string | null,
  limit: number,
): T[] | null {
  let start = 0;
  if (marker !== null) {
    const at = items.findIndex((i) => i.id === marker);
    if (at < 0) return null;
    start = at + 1;
  }
  return items.slice(start, start + limit);
}

/** The same query with `marker` (and `extra`) replaced, Nova/Cinder/Neutron style: marker last. */
export function withMarker(
  query: URLSearchParams,
  marker: string,
  extra: Record<string, string> = {},
): string {
  const next = new URLSearchParams();
  for (const [k, v] of query) if (k !== 'marker' && !(k in extra)) next.append(k, v);
  next.append('marker', marker);
  for (const [k, v] of Object.entries(extra)) next.append(k, v);
  return next.toString();
}
