import { ErrorCode } from './error-codes.js';

const byCode: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  DATABASE_UNAVAILABLE: 503,
  DATA_DIR_LOCKED: 503,
  MIGRATION_FAILED: 500,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_ARGUMENT: 400,
  CONFLICT: 409,
  SOURCE_UNREACHABLE: 502,
  SOURCE_REJECTED: 502,
  SOURCE_MALFORMED: 502,
  RECORD_INVALID: 422,
  PUBLISH_FAILED: 502,
  JOB_TIMEOUT: 504,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return byCode[code] ?? 500;
}
