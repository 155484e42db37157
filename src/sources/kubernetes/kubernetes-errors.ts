import { ErrorCode, FedwatchError } from '../../common/errors/index.js';

/**
 * Errors of the Kubernetes adapter. Messages name the cluster entry, the API server and the path
 * (never the query: continue tokens are long and opaque) and never a credential: headers are not
 * part of any message or detail.
 */

export interface RequestTarget {
  /** The configured Kubernetes entry name. */
  cluster: string;
  server: URL;
  path: string;
}

function where(t: RequestTarget): string {
  return `Kubernetes API of "${t.cluster}" (${t.server.protocol}//${t.server.host}) ${t.path}`;
}

function baseDetails(t: RequestTarget): Record<string, unknown> {
  return { cluster: t.cluster, server: `${t.server.protocol}//${t.server.host}`, path: t.path };
}

/** The `message` and `reason` of a Kubernetes `Status` body, when the body is one. */
export function statusOf(body: string): { message?: string; reason?: string } {
  try {
    const parsed = JSON.parse(body) as { kind?: unknown; message?: unknown; reason?: unknown };
    return {
      ...(typeof parsed.message === 'string' ? { message: truncate(parsed.message) } : {}),
      ...(typeof parsed.reason === 'string' ? { reason: parsed.reason } : {}),
    };
  } catch {
    return body.trim() ? { message: truncate(body.trim()) } : {};
  }
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** 4xx other than 429: credentials refused (401), not allowed (403), not served (404), expired (410). */
export function rejectedError(t: RequestTarget, status: number, body: string): FedwatchError {
  const { message, reason } = statusOf(body);
  return new FedwatchError(
    ErrorCode.SOURCE_REJECTED,
    `${where(t)} refused the request (HTTP ${status}${reason ? ` ${reason}` : ''})${message ? `: ${message}` : ''}`,
    { ...baseDetails(t), status, ...(reason ? { reason } : {}) },
  );
}

/** Network failures, timeouts, 5xx and 429. */
export function unreachableError(
  t: RequestTarget,
  reason: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): FedwatchError {
  return new FedwatchError(
    ErrorCode.SOURCE_UNREACHABLE,
    `${where(t)} unreachable: ${reason}`,
    { ...baseDetails(t), ...details },
    { cause },
  );
}

/** A body that is not JSON or not the documented shape. */
export function malformedError(t: RequestTarget, problem: string, cause?: unknown): FedwatchError {
  return new FedwatchError(
    ErrorCode.SOURCE_MALFORMED,
    `${where(t)} sent a malformed response: ${problem}`,
    baseDetails(t),
    {
      cause,
    },
  );
}

/**
 * A `410 Gone`, as an HTTP status or as a watch ERROR event: the resourceVersion (or continue token)
 * was compacted away. Not a failure: the reflector lists again.
 */
export function isGone(err: unknown): boolean {
  return FedwatchError.is(err) && err.details.status === 410;
}
