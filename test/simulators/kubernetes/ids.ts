/**
 * Identifiers derived from (seed, serial) by hashing, so that records keep a number instead of
 * 36-character uids and 64-character container ids: a few MB less at 150,000 pods, same output.
 */
import type { Rng } from '../openstack/prng.js';

/** murmur3's finaliser over two 32-bit words: well mixed, fast, deterministic. */
export function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (h: number) => HEX[h >>> 24]! + HEX[(h >>> 16) & 255]! + HEX[(h >>> 8) & 255]! + HEX[h & 255]!;

/** `n` hex digits for (salt, serial). */
export function hexOf(salt: number, serial: number, n: number): string {
  let out = '';
  for (let i = 0; out.length < n; i++) out += hex8(hash32((salt + Math.imul(i, 0x27d4eb2f)) | 0, serial));
  return out.length === n ? out : out.slice(0, n);
}

/** A version-4 shaped uid. */
export function uidOf(salt: number, serial: number): string {
  const h = hexOf(salt, serial, 32);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
}

/** Uniform in [0, 1) for (salt, serial, k): usage numbers that need no stored state. */
export function unit(salt: number, serial: number, k = 0): number {
  return hash32(hash32(salt, serial), k) / 4294967296;
}

/** The alphabet of Kubernetes' generated name suffixes (no vowels, no look-alikes). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function suffix(rng: Rng, n = 5): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[Math.floor(rng.next() * ALPHABET.length)]!;
  return out;
}

/** The `pod-template-hash` / `controller-revision-hash` shape: 9 or 10 characters. */
export const templateHash = (rng: Rng): string => suffix(rng, rng.chance(0.5) ? 9 : 10);

/** Salts per kind, so that a pod and a node with the same serial get different uids. */
export const SALT = { pod: 0x51ed270b, node: 0x2c1b3c6d, namespace: 0x297a2d39, owner: 0x6a09e667 };

/** Salt of a seed (the seed's 32-bit number mixed with the kind's salt). */
export const salted = (seed: number, kind: keyof typeof SALT): number => hash32(seed, SALT[kind]);

/** Dotted IPv4 of a 32-bit number. */
export const ipv4 = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** Node i's InternalIP (172.16.0.0/12) and pod CIDR (10.64.0.0/10, one /24 per node). */
export const nodeIp = (index: number): string => ipv4(((172 << 24) | (16 << 16)) + 10 + index);
export const podCidrBase = (index: number): number => ((10 << 24) | (64 << 16)) + index * 256;
export const podCidr = (index: number): string => `${ipv4(podCidrBase(index))}/24`;

/** ISO 8601 to the second, as the API server writes times; the date part is cached per day. */
const days = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : String(n));
export function iso(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  let date = days.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 11);
    if (days.size > 4096) days.clear();
    days.set(day, date);
  }
  const s = Math.floor((ms - day * 86_400_000) / 1000);
  return `${date}${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}Z`;
}
