/** Replies in Rancher's shapes: norman JSON errors, and the HTML pages of the ingress in front. */

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return raw(status, JSON.stringify(body), 'application/json', headers);
}

export function raw(
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Reply {
  return { status, body, headers: { 'Content-Type': contentType, ...headers } };
}

const CODES: Record<number, string> = {
  400: 'InvalidBodyContent',
  401: 'Unauthorized',
  403: 'PermissionDenied',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  422: 'InvalidFormat',
  429: 'TooManyRequests',
  500: 'ServerError',
  503: 'ServiceUnavailable',
};

/** norman's error body (reference §3.1): `{"type":"error","baseType":"error","status":401,…}`. */
export function normanError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  const body = { type: 'error', baseType: 'error', status, code: CODES[status] ?? 'ServerError', message };
  return json(status, body, headers);
}

export const MUST_AUTHENTICATE = 'must authenticate';

const TITLES: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** What ingress-nginx in front of Rancher answers when the Rancher pods are down or slow. */
export function ingressPage(status: number): Reply {
  const title = `${status} ${TITLES[status] ?? 'Error'}`;
  const page = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return raw(status, page, 'text/html');
}

/** An injected failure: 502–504 from the ingress, anything else from Rancher itself. */
export function injectedError(status: number, retryAfterSeconds?: number): Reply {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
  if (status >= 502 && status <= 504) {
    const reply = ingressPage(status);
    Object.assign(reply.headers, headers);
    return reply;
  }
  return normanError(status, status === 429 ? 'too many requests' : 'simulated failure', headers);
}
