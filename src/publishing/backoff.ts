/**
 * Seconds before the next attempt of a delivery that has now failed `attempts` times:
 * `min(maxSeconds, 2^attempts)`, less up to 20 % jitter so that messages failing together (a broker
 * outage) do not all come back in the same second. The jitter only shortens the delay, so the
 * ceiling holds and each further failure still waits longer than the one before (until the ceiling).
 */
export function backoffSeconds(attempts: number, maxSeconds: number, random: () => number): number {
  const exponent = Math.max(0, Math.min(attempts, 30));
  const ceiling = Math.min(maxSeconds, 2 ** exponent);
  return ceiling * (1 - 0.2 * clamp01(random()));
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), 1) : 0;
}
