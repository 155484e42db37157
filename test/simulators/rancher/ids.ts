/** Rancher-looking random ids and secrets from the seeded PRNG. */
import type { Rng } from '../openstack/prng.js';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
// Rancher's random-string alphabet (no vowels, no look-alikes), used for API key secrets.
const SECRET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomString(rng: Rng, length: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

/** `token-xxxxx:<54 characters>`, the form of a Rancher API key. */
export function apiKey(rng: Rng): string {
  return `token-${randomString(rng, 5)}:${randomString(rng, 54, SECRET)}`;
}

/** A generator of ids not used before (within one seeding). */
export function uniqueIds(rng: Rng): (prefix: string, length: number) => string {
  const used = new Set<string>();
  return (prefix, length) => {
    for (;;) {
      const id = `${prefix}${randomString(rng, length)}`;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
}

export const ipv4 = (rng: Rng, first = 10): string =>
  `${first}.${rng.int(0, 254)}.${rng.int(0, 254)}.${rng.int(1, 254)}`;
