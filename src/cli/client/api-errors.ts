import { ErrorCode, FedwatchError } from '../../common/errors/index.js';

/** What error messages may mention: the server (without credentials); the token only to redact it. */
export interface ErrorContext {
  server: string;
  token?: string;
  timeoutMs: number;
}

const CODES = new Set<string>(Object.values(ErrorCode));
const BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.INVALID_ARGUMENT,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  422: ErrorCode.RECORD_INVALID,
  503: ErrorCode.SHUTTING_DOWN,
};
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

export function redact(text: string, token?: string): string {
  return token ? text.split(token).join('***') : text;
}

function redactDetails(details: Record<string, unknown>, token?: string): Record<string, unknown> {
  if (!token) return details;
  try {
    return JSON.parse(redact(JSON.stringify(details), token)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The Node error code (ECONNREFUSED…) inside fetch's `TypeError: fetch failed` cause chain. */
function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK_REASONS) return code;
    e = (e as { errors?: unknown[] }).errors?.[0] ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function networkError(err: unknown, ctx: ErrorContext): FedwatchError {
  // By name: AbortSignal.timeout's DOMException may come from another realm than `Error`.
  const name = (err as { name?: unknown } | null)?.name;
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  const code = networkCode(err);
  const reason = timedOut
    ? `no answer within ${ctx.timeoutMs / 1000}s`
    : code
      ? NETWORK_REASONS[code]
      : 'request failed';
  const message =
    `cannot reach the fedwatch service at ${ctx.server} (${reason}): is "fedwatch serve" running? ` +
    'Set --server or FEDWATCH_URL';
  return new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, message, { server: ctx.server, reason });
}

/**
 * A non-2xx answer as a FedwatchError: 401 and 403 get CLI hints; otherwise the service's JSON body
 * `{ statusCode, code, message, details }` is mapped back (code from the body, else from the status).
 */
export function httpError(status: number, text: string, ctx: ErrorContext): FedwatchError {
  const make = (code: ErrorCode, message: string, details: Record<string, unknown> = {}): FedwatchError =>
    new FedwatchError(code, redact(message, ctx.token), { ...redactDetails(details, ctx.token), status });
  let body: Record<string, unknown> | undefined;
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object' && !Array.isArray(json)) body = json as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const raw = body?.message;
  const serverMessage = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : '';
  if (status === 401) {
    const why = ctx.token ? 'rejected the token' : 'requires a token';
    return make(
      ErrorCode.UNAUTHENTICATED,
      `the fedwatch service at ${ctx.server} ${why}: pass --token or set FEDWATCH_TOKEN`,
    );
  }
  if (status === 403) {
    return make(
      ErrorCode.FORBIDDEN,
      `this command needs an admin token${serverMessage ? ` (${serverMessage})` : ''}`,
    );
  }
  if (!body) {
    return make(
      ErrorCode.INTERNAL,
      `the fedwatch service at ${ctx.server} answered HTTP ${status} with a non-JSON body`,
      { body: text.slice(0, 200) },
    );
  }
  const serverCode = typeof body.code === 'string' ? body.code : undefined;
  const code =
    serverCode && CODES.has(serverCode)
      ? (serverCode as ErrorCode)
      : (BY_STATUS[status] ?? ErrorCode.INTERNAL);
  const details =
    body.details && typeof body.details === 'object' ? (body.details as Record<string, unknown>) : {};
  const extra = serverCode && serverCode !== code ? { serverCode } : {};
  return make(code, serverMessage || `HTTP ${status}`, { ...details, ...extra });
}
