// Userinfo of any URL in a text; greedy up to the last `@` so an unencoded `@` in a password is
// masked whole.
const URL_USERINFO = /([a-z][a-z\d+.-]*:\/\/)[^\s/?#]*@/gi;
// As the log scrubber: shorter "passwords" would mask ordinary words and make messages unreadable.
const MIN_SECRET_LENGTH = 4;

/**
 * A connection error as text that is safe for `state()`, logs and the API: amqplib messages may
 * quote the connection URL, so userinfo of any URL and the configured password (raw and decoded)
 * are masked.
 */
export function redactCredentials(text: string, url: string): string {
  let out = text.replace(URL_USERINFO, '$1***@');
  for (const secret of passwordsOf(url)) out = out.split(secret).join('***');
  return out;
}

/** The message of anything thrown, never empty (Node's AggregateError from a dual-stack connect has none). */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.message) return err.message;
  const code = (err as NodeJS.ErrnoException).code;
  const first = err instanceof AggregateError ? (err.errors[0] as unknown) : undefined;
  return code ?? (first instanceof Error && first.message ? first.message : err.name);
}

function passwordsOf(url: string): string[] {
  let raw: string;
  try {
    raw = new URL(url).password;
  } catch {
    return [];
  }
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: the raw form is all that can appear.
  }
  return [...new Set([raw, decoded])].filter((s) => s.length >= MIN_SECRET_LENGTH);
}
