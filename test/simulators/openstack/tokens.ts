/** Keystone tokens the simulator issued. Expiry follows the real clock, not the seeded `now`. */
import { randomBytes } from 'node:crypto';

export interface TokenInfo {
  token: string;
  methods: string[];
  userId: string;
  userName: string;
  /** Null for system-scoped and unscoped tokens. */
  projectId: string | null;
  system: boolean;
  roles: string[];
  issuedMs: number;
  expiresMs: number;
  applicationCredential: { id: string; name: string } | null;
}

export class TokenStore {
  private readonly tokens = new Map<string, TokenInfo>();
  issued = 0;

  constructor(private readonly lifetimeSeconds: number) {}

  issue(info: Omit<TokenInfo, 'token' | 'issuedMs' | 'expiresMs'>): TokenInfo {
    const issuedMs = Date.now();
    // Real Keystone (fernet) tokens are ~180 characters of urlsafe base64.
    const token = `gAAAAA${randomBytes(132).toString('base64url')}`;
    const full = { ...info, token, issuedMs, expiresMs: issuedMs + this.lifetimeSeconds * 1000 };
    this.tokens.set(token, full);
    this.issued++;
    return full;
  }

  /** The token when known and not expired. */
  validate(token: string | undefined): TokenInfo | null {
    const info = token ? this.tokens.get(token) : undefined;
    return info && Date.now() < info.expiresMs ? info : null;
  }

  /** Every token issued so far expires now: the next use answers 401. */
  expireAll(): void {
    const now = Date.now();
    for (const info of this.tokens.values()) info.expiresMs = Math.min(info.expiresMs, now);
  }
}
