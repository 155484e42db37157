import { ErrorCode, FedwatchError } from '../../common/errors/index.js';

/**
 * Errors of the Rancher adapter. Messages and details name the server entry and the endpoint
 * (scheme, host, path: no user-info, no query) and never the API key: every text that comes from
 * the server is passed through `redact` first, in case it echoes what it was sent.
 */

export function endpointName(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** `text` with every occurrence of the token, its secret part and its Basic encodings masked. */
export function redact(text: string, token: string): string {
  if (!token) return text;
  const secret = token.includes(':') ? token.slice(token.indexOf(':') + 1) : '';
  const forms = [
    token,
    Buffer.from(token).toString('base64'),
    Buffer.from(token).toString('base64url'),
    secret,
  ].filter((f) => f.length >= 8);
  let out = text;
  for (const form of forms) out = out.split(form).join('***');
  return out;
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The human message of an error body: norman's `message`, or the title of an HTML page. */
export function rancherMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const title = /<title>([^<]{1,200})<\/title>/i.exec(body);
    return title?.[1]?.trim();
  }
  const message =
    parsed && typeof parsed === 'object' ? (parsed as { message?: unknown }).message : undefined;
  return typeof message === 'string' && message !== '' ? truncate(message) : undefined;
}

export interface ServerRef {
  /** The configured entry name (`rancher.servers[].name`). */
  name: string;
  token: string;
}

export function unreachableError(
  server: ServerRef,
  url: URL,
  reason: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): FedwatchError {
  return new FedwatchError(
    ErrorCode.SOURCE_UNREACHABLE,
    redact(`Rancher ${server.name} at ${endpointName(url)} unreachable: ${reason}`, server.token),
    { server: server.name, endpoint: endpointName(url), ...details },
    { cause },
  );
}

/** 401/403 (the API key is wrong, expired or lacks rights) and other final 4xx answers. */
export function rejectedError(server: ServerRef, url: URL, status: number, body: string): FedwatchError {
  const message = rancherMessage(body);
  const hint = status === 401 ? ' (is the API key in tokenFile valid and not expired?)' : '';
  const text = `Rancher ${server.name} at ${endpointName(url)} refused the request (HTTP ${status})${message ? `: ${message}` : ''}${hint}`;
  return new FedwatchError(ErrorCode.SOURCE_REJECTED, redact(text, server.token), {
    server: server.name,
    endpoint: endpointName(url),
    status,
  });
}

export function malformedError(server: ServerRef, url: URL, problem: string, cause?: unknown): FedwatchError {
  return new FedwatchError(
    ErrorCode.SOURCE_MALFORMED,
    redact(
      `Rancher ${server.name} at ${endpointName(url)} sent a malformed response: ${problem}`,
      server.token,
    ),
    { server: server.name, endpoint: endpointName(url) },
    { cause },
  );
}
