import { CronPattern } from 'croner';
import { z } from 'zod';
import type { ScheduleConfig } from './config.types.js';
import { bool, onObject, type Ctx } from './config.schema.primitives.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d))+$/;
const DURATION_HINT = 'expected a duration like 30s, 5m, 1h or 1d';

/** `30s`, `5m`, `1h`, `1d`, `500ms` or combinations such as `1h30m`; null when not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return null;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g))
    total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

/** Why `expr` is not a usable 5- or 6-field cron expression, or null when it is. */
export function cronProblem(expr: string): string | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return 'expected a cron expression with 5 fields (minute hour day month weekday) or 6 (seconds first)';
  }
  try {
    new CronPattern(expr.trim());
    return null;
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^CronPattern:\s*/, '') : String(err);
    return `invalid cron expression: ${reason}`;
  }
}

const duration = z.string({ error: DURATION_HINT }).transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: ms === 0 ? 'duration must be longer than 0' : DURATION_HINT });
    return z.NEVER;
  }
  return ms;
});

const cron = z.string({ error: 'expected a cron expression' }).superRefine((expr, ctx) => {
  const problem = cronProblem(expr);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * At most one trigger. None is fine: the job keeps its own default trigger, so that
 * `{ enabled: false }` or `{ timeout: 20m }` alone change just that.
 */
function atMostOneTrigger(value: unknown, ctx: Ctx): void {
  const entry = value as Record<string, unknown>;
  if (entry.every !== undefined && entry.cron !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['cron'], message: 'set either every or cron, not both' });
  }
}

const longForm = z
  .strictObject({
    every: duration.optional(),
    cron: cron.optional(),
    timeout: duration.optional(),
    enabled: bool.default(true),
  })
  .superRefine(atMostOneTrigger, onObject)
  .transform((s): ScheduleConfig => ({
    intervalMs: s.every ?? null,
    cron: s.cron?.trim() ?? null,
    timeoutMs: s.timeout ?? null,
    enabled: s.enabled,
  }));

/** `30s` or `0 3 * * *`: anything with a space is taken for a cron expression. */
const shorthand = z.string().transform((text, ctx): ScheduleConfig => {
  const ms = parseDuration(text);
  if (ms !== null && ms > 0) return { intervalMs: ms, cron: null, timeoutMs: null, enabled: true };
  const problem = /\s/.test(text.trim())
    ? cronProblem(text)
    : `expected a duration (30s, 5m, 1h, 1d) or a 5/6-field cron expression`;
  if (problem === null) return { intervalMs: null, cron: text.trim(), timeoutMs: null, enabled: true };
  ctx.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});

export const schedule = z.union([shorthand, longForm], {
  error: 'expected a duration, a cron expression or {every | cron, timeout, enabled}',
});
