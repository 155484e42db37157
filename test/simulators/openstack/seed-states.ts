/** How many servers of each state and trait a cloud gets: exact counts, shuffled by the seed. */
import { SERVER_STATES, type ServerState, type ServerTrait } from './model.js';
import type { Rng } from './prng.js';

const DELETED_IN_WINDOW: ServerState[] = ['created-and-deleted', 'deleted-in-window'];
const DELETED_BEFORE_SHARE = 0.05;
/** Relative weights of the states that are not "deleted" (normalised to what is left). */
const LIVE_WEIGHTS: [ServerState, number][] = [
  ['running', 0.62],
  ['shutoff', 0.08],
  ['resized', 0.08],
  ['shelved', 0.05],
  ['suspended', 0.04],
  ['error', 0.05],
  ['paused', 0.03],
  ['building', 0.05],
];

/** Largest-remainder rounding, so the counts add up to `total`. */
function apportion(total: number, weights: [ServerState, number][]): Map<ServerState, number> {
  const sum = weights.reduce((s, [, w]) => s + w, 0);
  const raw = weights.map(([k, w]) => [k, (total * w) / sum] as const);
  const counts = new Map(raw.map(([k, v]) => [k, Math.floor(v)]));
  let left = total - [...counts.values()].reduce((s, v) => s + v, 0);
  const byRemainder = [...raw].sort((a, b) => b[1] - Math.floor(b[1]) - (a[1] - Math.floor(a[1])));
  for (const [k] of byRemainder) {
    if (left-- <= 0) break;
    counts.set(k, counts.get(k)! + 1);
  }
  return counts;
}

/** One state per server index. Every state occurs at least once when there are enough servers. */
export function assignStates(rng: Rng, n: number, deletedShare: number): ServerState[] {
  const deleted = Math.round(n * deletedShare);
  const before = Math.min(n - deleted, Math.round(n * DELETED_BEFORE_SHARE));
  const counts = apportion(n - deleted - before, LIVE_WEIGHTS);
  counts.set('created-and-deleted', Math.ceil(deleted / 2));
  counts.set('deleted-in-window', Math.floor(deleted / 2));
  counts.set('deleted-before-window', before);
  const wanted = SERVER_STATES.filter((s) => deletedShare > 0 || !DELETED_IN_WINDOW.includes(s));
  if (n >= wanted.length) {
    for (const state of wanted) {
      if (counts.get(state)! > 0) continue;
      const [donor] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
      counts.set(donor, counts.get(donor)! - 1);
      counts.set(state, 1);
    }
  }
  const states: ServerState[] = [];
  for (const state of SERVER_STATES) for (let i = 0; i < counts.get(state)!; i++) states.push(state);
  return rng.shuffle(states);
}

const TRAIT_SHARES: [ServerTrait, number][] = [
  ['boot-from-volume', 0.08],
  ['deleted-flavor', 0.03],
  ['non-ascii', 0.03],
  ['deleted-image', 0.02],
];

/** Server index → traits. GPU servers never also run a deleted flavor; boot-from-volume has no image. */
export function assignTraits(
  rng: Rng,
  states: ServerState[],
  gpuShare: number,
): Map<number, Set<ServerTrait>> {
  const traits = new Map<number, Set<ServerTrait>>(states.map((_, i) => [i, new Set()]));
  const eligible = states.map((s, i) => [s, i] as const).filter(([s]) => s !== 'deleted-before-window');
  const plan: [ServerTrait, number][] = [['gpu', gpuShare], ...TRAIT_SHARES];
  for (const [trait, share] of plan) {
    const wanted = share <= 0 ? 0 : Math.max(states.length >= 12 ? 1 : 0, Math.round(states.length * share));
    const pool = rng.shuffle(
      eligible
        .map(([, i]) => i)
        .filter((i) => {
          const has = traits.get(i)!;
          if (trait === 'deleted-flavor') return !has.has('gpu');
          if (trait === 'deleted-image') return !has.has('boot-from-volume');
          return true;
        }),
    );
    for (const i of pool.slice(0, wanted)) traits.get(i)!.add(trait);
  }
  return traits;
}
