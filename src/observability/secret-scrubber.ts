/**
 * Replaces every known secret value in a text with `***`. Applied to every log line as it is
 * written, so a secret that slips into a message, an error or a URL is still never logged.
 */
export class SecretScrubber {
  private secrets: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    this.add(secrets);
  }

  add(secrets: Iterable<string>): void {
    const next = new Set(this.secrets);
    // Very short values would mask ordinary words; a real secret is never that short.
    for (const s of secrets) if (s && s.length >= 4) next.add(s);
    // Longest first, so a secret containing another is masked whole.
    this.secrets = [...next].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join('***');
      const escaped = JSON.stringify(s).slice(1, -1);
      if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join('***');
    }
    return out;
  }
}
