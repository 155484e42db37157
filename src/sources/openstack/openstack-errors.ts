import { ErrorCode, FedwatchError } from '../../common/errors/index.js';

/** Service labels used in metrics and messages. */
export type ServiceLabel = 'identity' | 'compute' | 'image' | 'network' | 'volume';

const SERVICE_NAMES: Record<ServiceLabel, string> = {
  identity: 'Keystone',
  compute: 'Nova',
  image: 'Glance',
  network: 'Neutron',
  volume: 'Cinder',
};

export function serviceName(service: ServiceLabel): string {
  return SERVICE_NAMES[service];
}

/**
 * Host and path of a URL, for messages: no user-info, no query (queries carry ids and times, never
 * secrets, but they make messages long and unstable).
 */
export function endpointName(url: URL | string): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/** The full URL without user-info, for error details. */
export function safeHref(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

/** The human message of an OpenStack error body, whichever of the services' shapes it has. */
export function openStackMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Glance answers errors with small HTML documents: use the title.
    const title = /<title>([^<]{1,200})<\/title>/i.exec(body);
    return title?.[1]?.trim();
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  // Keystone: {"error": {...}}; Nova: {"itemNotFound": {...}}; Neutron: {"NeutronError": {...}}.
  for (const value of Object.values(parsed as Record<string, unknown>)) {
    if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
      return truncate((value as { message: string }).message);
    }
  }
  const message = (parsed as { message?: unknown }).message;
  return typeof message === 'string' ? truncate(message) : undefined;
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function unreachableError(
  service: ServiceLabel,
  url: URL,
  reason: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): FedwatchError {
  return new FedwatchError(
    ErrorCode.SOURCE_UNREACHABLE,
    `${serviceName(service)} at ${endpointName(url)} unreachable: ${reason}`,
    { service, endpoint: endpointName(url), ...details },
    { cause },
  );
}

export function rejectedError(
  service: ServiceLabel,
  url: URL,
  status: number,
  body: string,
  requestId?: string,
): FedwatchError {
  const message = openStackMessage(body);
  return new FedwatchError(
    ErrorCode.SOURCE_REJECTED,
    `${serviceName(service)} at ${endpointName(url)} refused the request (HTTP ${status})${message ? `: ${message}` : ''}`,
    { service, endpoint: endpointName(url), status, ...(requestId ? { requestId } : {}) },
  );
}

export function malformedError(
  service: ServiceLabel,
  url: URL,
  problem: string,
  cause?: unknown,
): FedwatchError {
  return new FedwatchError(
    ErrorCode.SOURCE_MALFORMED,
    `${serviceName(service)} at ${endpointName(url)} sent a malformed response: ${problem}`,
    { service, endpoint: endpointName(url), url: safeHref(url) },
    { cause },
  );
}
