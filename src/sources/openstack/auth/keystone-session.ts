import { ErrorCode, FedwatchError } from '../../../common/errors/index.js';
import type { OpenStackCredential } from '../../../config/config.types.js';
import { header, type OpenStackHttp } from '../http/openstack-http.js';
import type { TokenScope } from '../openstack-client.port.js';
import { endpointName, malformedError, openStackMessage } from '../openstack-errors.js';
import { authRequestBody, describeCredential } from './auth-request.js';
import type { CatalogService } from './catalog.js';

export interface IssuedToken {
  /** The `X-Subject-Token`; never logged, never put in an error. */
  value: string;
  expiresAt: number;
  scope: TokenScope;
  /** `token.project.domain.name`; null for system scope or when absent. */
  projectDomainName: string | null;
  userId: string;
  catalog: CatalogService[];
}

/** Re-issue this long before `expires_at`: 5 minutes, or a tenth of a short lifetime. */
const MAX_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * `https://k:5000`, `https://k:5000/` and `https://k:5000/v3` all mean the same Identity v3 root.
 */
export function identityRoot(authUrl: string): URL {
  const trimmed = authUrl.replace(/\/+$/, '');
  return new URL(/\/v3$/.test(trimmed) ? trimmed : `${trimmed}/v3`);
}

/**
 * One credential's Keystone token: issued on first use, reused until shortly before it expires,
 * re-issued once when a service answers 401 (`invalidate`). Concurrent callers share one
 * in-flight authentication.
 */
export class KeystoneSession {
  private current?: { token: IssuedToken; refreshAt: number };
  private pending?: Promise<IssuedToken>;

  constructor(
    private readonly http: OpenStackHttp,
    readonly identity: URL,
    private readonly credential: OpenStackCredential,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<IssuedToken> {
    if (this.current && this.now() < this.current.refreshAt) return this.current.token;
    this.pending ??= this.issue().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Drops the token if it is still the current one (a 401 answered to it). */
  invalidate(value: string): void {
    if (this.current?.token.value === value) this.current = undefined;
  }

  private async issue(): Promise<IssuedToken> {
    const url = new URL(`${this.identity.href}/auth/tokens`);
    const issuedAt = this.now();
    const response = await this.http.send({
      service: 'identity',
      method: 'POST',
      url,
      json: authRequestBody(this.credential),
    });
    if (response.status === 401) {
      throw new FedwatchError(
        ErrorCode.SOURCE_REJECTED,
        `Keystone at ${endpointName(this.identity)} rejected ${describeCredential(this.credential)}`,
        { service: 'identity', endpoint: endpointName(this.identity), status: 401 },
      );
    }
    if (response.status < 200 || response.status >= 300) {
      const message = openStackMessage(response.body);
      throw new FedwatchError(
        ErrorCode.SOURCE_REJECTED,
        `Keystone at ${endpointName(this.identity)} refused a token for ${describeCredential(this.credential)} ` +
          `(HTTP ${response.status})${message ? `: ${message}` : ''}`,
        { service: 'identity', endpoint: endpointName(this.identity), status: response.status },
      );
    }
    const value = header(response, 'x-subject-token');
    if (!value) throw malformedError('identity', url, 'no X-Subject-Token header');
    const token = parseTokenBody(response.body, url);
    const expiresAt = Date.parse(token.expires_at);
    // Measured on Keystone's clock and applied to ours, so clock skew cannot cause re-auth storms.
    const issuedAtKeystone = token.issued_at ? Date.parse(token.issued_at) : NaN;
    const lifetime = expiresAt - (Number.isNaN(issuedAtKeystone) ? issuedAt : issuedAtKeystone);
    const margin = Math.min(MAX_REFRESH_MARGIN_MS, Math.max(0, lifetime / 10));
    const issued: IssuedToken = {
      value,
      expiresAt,
      scope: scopeOf(token, this.identity, this.credential),
      projectDomainName: typeof token.project?.domain?.name === 'string' ? token.project.domain.name : null,
      userId: token.user?.id ?? '',
      catalog: token.catalog ?? [],
    };
    this.current = { token: issued, refreshAt: issuedAt + lifetime - margin };
    return issued;
  }
}

interface TokenBody {
  expires_at: string;
  issued_at?: string;
  user?: { id: string };
  project?: { id: string; name?: string; domain?: { name?: unknown } };
  system?: unknown;
  catalog?: CatalogService[];
}

function parseTokenBody(body: string, url: URL): TokenBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw malformedError('identity', url, 'token body is not JSON', err);
  }
  const token = (parsed as { token?: TokenBody } | null)?.token;
  if (!token || typeof token.expires_at !== 'string' || Number.isNaN(Date.parse(token.expires_at))) {
    throw malformedError('identity', url, 'token.expires_at missing or not a time');
  }
  if (token.catalog !== undefined && !Array.isArray(token.catalog)) {
    throw malformedError('identity', url, 'token.catalog is not a list');
  }
  return token;
}

function scopeOf(token: TokenBody, identity: URL, credential: OpenStackCredential): TokenScope {
  if (token.system) return { kind: 'system' };
  if (token.project && typeof token.project.id === 'string') {
    return {
      kind: 'project',
      projectId: token.project.id,
      projectName: token.project.name ?? token.project.id,
    };
  }
  throw new FedwatchError(
    ErrorCode.SOURCE_REJECTED,
    `Keystone at ${endpointName(identity)} issued an unscoped token for ${describeCredential(credential)}: ` +
      'give it a system or project scope',
    { service: 'identity', endpoint: endpointName(identity) },
  );
}
