/**
 * Pins the wall clock of a child process (`Date.now()`, `new Date()`) at one instant, through a
 * `--import` preload in NODE_OPTIONS. The accounting extractor reads the wall clock for "now"
 * (the end of every window), so two service processes can only extract identical windows, and
 * so build byte-identical records and messages, when they share the same frozen "now". Timers,
 * `performance.now()` and everything else keep running normally.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function frozenClockEnv(at: Date, dir: string): { NODE_OPTIONS: string } {
  const file = join(dir, 'frozen-clock.mjs');
  writeFileSync(
    file,
    `const at = ${at.getTime()};
const Real = globalThis.Date;
globalThis.Date = new Proxy(Real, {
  construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [at], newTarget),
  apply: () => new Real(at).toString(),
  get: (target, key, receiver) => (key === 'now' ? () => at : Reflect.get(target, key, receiver)),
});
`,
  );
  return { NODE_OPTIONS: `--import=${pathToFileURL(file).href}` };
}
