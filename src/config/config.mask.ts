import { isRecord } from './config.paths.js';

export const MASK = '***';

/** Keys whose values are secrets wherever they appear (`password`, `secret`, `token`, signing `key`). */
export const SECRET_KEY = /^(password|secret|token|key)$/i;
// `key` is masked when shown but not collected: signing.key holds a file path, not key material.
const SECRET_VALUE_KEY = /^(password|secret|token)$/i;

const MAX_SHOWN = 120;

// Up to the last `@` on purpose: people paste unencoded passwords containing `@`, and showing too
// little beats leaking the tail of a password.
const URL_USERINFO = /^([a-z][a-z\d+.-]*:\/\/)([^/?#]*)@/i;

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; other strings unchanged. */
export function maskUrl(text: string): string {
  const match = URL_USERINFO.exec(text);
  if (!match) return text;
  const [whole, scheme, userinfo] = match as unknown as [string, string, string];
  const colon = userinfo.indexOf(':');
  if (colon < 0) return text;
  return `${scheme}${userinfo.slice(0, colon)}:${MASK}@${text.slice(whole.length)}`;
}

function isSecretKey(key: PropertyKey | undefined): boolean {
  return typeof key === 'string' && SECRET_KEY.test(key);
}

function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskUrl(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isSecretKey(k) && v != null ? MASK : maskDeep(v)]),
    );
  }
  return value;
}

function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** How a value is shown in a problem report: secrets masked, long values shortened. */
export function maskValue(path: readonly PropertyKey[], value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (isSecretKey(path[path.length - 1]) && value !== null) return MASK;
  if (typeof value === 'string') return shorten(JSON.stringify(maskUrl(value)));
  if (value === null || typeof value !== 'object') return String(value);
  return shorten(JSON.stringify(maskDeep(value)) ?? String(value));
}

/** Replace every occurrence of a known secret; a safety net behind the key-based masking. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  // Very short "secrets" would mangle ordinary words and are not worth hiding from a config report.
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(MASK);
  return out;
}

function urlPassword(text: string): string[] {
  if (!URL_USERINFO.test(text)) return [];
  try {
    const password = new URL(text).password;
    if (password !== '') return [password, decodeURIComponent(password)];
  } catch {
    // Not a parseable URL: fall back to the raw userinfo below.
  }
  const userinfo = URL_USERINFO.exec(text)?.[2] ?? '';
  const colon = userinfo.indexOf(':');
  return colon < 0 ? [] : [userinfo.slice(colon + 1)];
}

/**
 * Every secret-looking string in `value`: strings under secret keys (and, for `user:secret`
 * style tokens such as Rancher's, the part after the colon) and URL passwords. Used both on the
 * validated config (for the log scrubber) and on raw input (to scrub problem reports).
 */
export function collectSecrets(
  value: unknown,
  found = new Set<string>(),
  underSecretKey = false,
): Set<string> {
  if (typeof value === 'string') {
    if (underSecretKey && value !== '') {
      found.add(value);
      const colon = value.indexOf(':');
      if (colon >= 0 && colon < value.length - 1) found.add(value.slice(colon + 1));
    }
    for (const password of urlPassword(value)) if (password !== '') found.add(password);
  } else if (Array.isArray(value)) {
    for (const item of value) collectSecrets(item, found, underSecretKey);
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) collectSecrets(v, found, SECRET_VALUE_KEY.test(k));
  }
  return found;
}
