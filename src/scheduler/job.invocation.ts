import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type { JobContext, JobDefinition, JobResult, JobRunStatus } from './job.types.js';

export interface InvocationResult {
  status: JobRunStatus;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface Invocation {
  /** Settles when the run is decided: the handler returned or threw, or the signal was aborted. */
  result: Promise<InvocationResult>;
  /** Settles when the handler's promise does — possibly never, for a handler that ignores the signal. */
  settled: Promise<void>;
}

export interface InvokeOptions {
  timeoutMs: number;
  /** Any of these aborting aborts the run (shutdown, lock lost); its reason becomes the outcome's. */
  abortOn: AbortSignal[];
  progress?: JobContext['progress'];
}

const STATUSES: readonly string[] = ['succeeded', 'skipped', 'failed'];

/**
 * Calls the handler with an AbortSignal that fires on timeout or on any of `abortOn`, and decides
 * the outcome without waiting for a handler that ignores its signal: `result` settles at the
 * deadline regardless, `settled` tells the caller when the handler is really done.
 */
export function invokeHandler(def: JobDefinition, options: InvokeOptions): Invocation {
  const controller = new AbortController();
  const forward = (event: Event): void => controller.abort((event.target as AbortSignal).reason);
  for (const signal of options.abortOn) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', forward, { once: true });
  }
  const timer = setTimeout(
    () =>
      controller.abort(new FedwatchError(ErrorCode.JOB_TIMEOUT, `timed out after ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  const aborted = new Promise<'aborted'>((resolve) => {
    if (controller.signal.aborted) resolve('aborted');
    else controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  const ctx: JobContext = { signal: controller.signal, jobId: def.id, progress: options.progress };
  // `then` so a handler that throws synchronously is caught like one that rejects.
  const running = Promise.resolve().then(() => def.handler(ctx));
  const result = Promise.race([
    running.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    aborted,
  ]).then((first) => {
    clearTimeout(timer);
    // Long-lived signals (shutdown) must not collect a listener per run.
    for (const signal of options.abortOn) signal.removeEventListener('abort', forward);
    if (first === 'aborted' || ('error' in first && controller.signal.aborted)) {
      return abortedResult(controller.signal.reason);
    }
    return 'error' in first
      ? { status: 'failed' as const, reason: messageOf(first.error) }
      : checked(first.value);
  });
  return { result, settled: running.then(noop, noop) };
}

function abortedResult(reason: unknown): InvocationResult {
  if (FedwatchError.is(reason, ErrorCode.JOB_TIMEOUT)) return { status: 'timeout', reason: reason.message };
  return { status: 'failed', reason: `aborted: ${messageOf(reason)}` };
}

/** A handler's return value is not type-checked at runtime by anyone else; don't trust it blindly. */
function checked(value: JobResult | undefined): InvocationResult {
  if (!value || !STATUSES.includes(value.status)) {
    return { status: 'failed', reason: `handler returned no valid status: ${JSON.stringify(value)}` };
  }
  const out: InvocationResult = { status: value.status };
  if (value.reason !== undefined) out.reason = value.reason;
  if (value.details !== undefined) out.details = value.details;
  return out;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function noop(): void {}
