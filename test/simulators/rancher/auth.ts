/**
 * Which API key a request presents (reference §3.1, `pkg/auth/tokens/token_util.go`): a Bearer
 * header (prefix case-insensitive), HTTP Basic decoded with the URL-safe base64 alphabet, or the
 * `R_SESS` cookie when there is no Authorization header.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type AuthScheme = 'bearer' | 'basic' | 'cookie' | 'none';

export interface Presented {
  scheme: AuthScheme;
  /** `token-xxxxx:secret` as presented; null when absent or undecodable. */
  token: string | null;
}

function cookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** URL-safe base64 only: a standard-alphabet `+` or `/` makes Go's decoder fail. */
function decodeBasic(encoded: string): string | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(encoded)) return null;
  return Buffer.from(encoded, 'base64url').toString('utf8');
}

export function presentedToken(headers: IncomingHttpHeaders): Presented {
  const authorization = headers.authorization?.trim();
  if (authorization) {
    const bearer = /^bearer\s+(\S+)$/i.exec(authorization);
    if (bearer) return { scheme: 'bearer', token: bearer[1]! };
    const basic = /^basic\s+(\S+)$/i.exec(authorization);
    if (basic) return { scheme: 'basic', token: decodeBasic(basic[1]!) };
    return { scheme: 'none', token: null };
  }
  const session = cookie(headers.cookie, 'R_SESS');
  return session ? { scheme: 'cookie', token: session } : { scheme: 'none', token: null };
}
