import { ErrorCode } from './error-codes.js';

/**
 * The one error type of fedwatch: a stable code, a message for people, optional structured
 * details (never secrets) and the cause. Transports map the code to a status at the edge only
 * (`http-status.ts`, `grpc-status.ts`).
 */
export class FedwatchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FedwatchError';
  }

  static is(err: unknown, code?: ErrorCode): err is FedwatchError {
    return err instanceof FedwatchError && (code === undefined || err.code === code);
  }

  /** Wrap anything thrown into a FedwatchError, keeping the original as the cause. */
  static from(err: unknown, code: ErrorCode = ErrorCode.INTERNAL): FedwatchError {
    if (err instanceof FedwatchError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new FedwatchError(code, message, {}, { cause: err });
  }

  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}
