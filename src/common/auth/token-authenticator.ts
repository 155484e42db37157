import { createHash, timingSafeEqual } from 'node:crypto';
import { ErrorCode, FedwatchError } from '../errors/index.js';
import type { ApiConfig, ApiRole } from '../../config/config.types.js';

export interface Principal {
  name: string;
  role: ApiRole;
}

/**
 * Checks bearer tokens against the configured list. Tokens are compared as SHA-256 digests with
 * timingSafeEqual, so neither the content nor the length of a token leaks through timing.
 */
export class TokenAuthenticator {
  private readonly tokens: { name: string; role: ApiRole; digest: Buffer }[];
  /** No tokens and not `auth: none` means loopback only (enforced at config load): trust the caller. */
  readonly open: boolean;

  constructor(api: ApiConfig) {
    this.tokens = api.tokens.map((t) => ({ name: t.name, role: t.role, digest: digest(t.token) }));
    this.open = api.auth === 'none' || this.tokens.length === 0;
  }

  /** @param authorization the raw `Authorization` header (or gRPC metadata value) */
  authenticate(authorization: string | undefined): Principal {
    if (this.open) return { name: 'anonymous', role: 'admin' };
    const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
    if (!match) {
      throw new FedwatchError(
        ErrorCode.UNAUTHENTICATED,
        'missing bearer token (Authorization: Bearer <token>)',
      );
    }
    const given = digest(match[1].trim());
    let found: Principal | null = null;
    // Compare against every token, without early exit, to keep timing independent of position.
    for (const t of this.tokens) if (timingSafeEqual(t.digest, given)) found = { name: t.name, role: t.role };
    if (!found) throw new FedwatchError(ErrorCode.UNAUTHENTICATED, 'invalid token');
    return found;
  }

  authorize(principal: Principal, required: ApiRole): void {
    if (required === 'admin' && principal.role !== 'admin') {
      throw new FedwatchError(
        ErrorCode.FORBIDDEN,
        `token "${principal.name}" has role read; this needs admin`,
      );
    }
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
