import type { AccountingConfig } from '../config/config.types.js';
import type { Window } from './accounting.types.js';

export interface WindowPlan {
  /** The window of a project not seen before. */
  defaultWindow: Window;
  /** A project's next window, or null when it is caught up (or failed earlier in this run). */
  windowFor(projectId: string): Window | null;
}

/**
 * Next windows from the watermarks: `[watermark, min(now, watermark + maxWindow))`; a project
 * without one starts `initialLookback` before now. Windows end on whole seconds, as records do.
 */
export function planWindows(
  marks: ReadonlyMap<string, Date>,
  now: Date,
  accounting: Pick<AccountingConfig, 'maxWindowSeconds' | 'initialLookbackSeconds'>,
  skip: ReadonlySet<string> = new Set(),
): WindowPlan {
  const end = Math.floor(now.getTime() / 1000) * 1000;
  const windowFrom = (from: number): Window | null => {
    const to = Math.min(end, from + accounting.maxWindowSeconds * 1000);
    return from < to ? { from: new Date(from), to: new Date(to) } : null;
  };
  const defaultFrom = end - accounting.initialLookbackSeconds * 1000;
  const defaultWindow = windowFrom(defaultFrom) ?? { from: new Date(defaultFrom), to: new Date(end) };
  return {
    defaultWindow,
    windowFor(projectId) {
      if (skip.has(projectId)) return null;
      const mark = marks.get(projectId);
      return mark ? windowFrom(mark.getTime()) : defaultWindow;
    },
  };
}
