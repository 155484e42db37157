import { status } from '@grpc/grpc-js';
import { ErrorCode } from './error-codes.js';

const byCode: Record<ErrorCode, status> = {
  CONFIG_INVALID: status.FAILED_PRECONDITION,
  DATABASE_UNAVAILABLE: status.UNAVAILABLE,
  DATA_DIR_LOCKED: status.UNAVAILABLE,
  MIGRATION_FAILED: status.INTERNAL,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  FORBIDDEN: status.PERMISSION_DENIED,
  NOT_FOUND: status.NOT_FOUND,
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  CONFLICT: status.ALREADY_EXISTS,
  SOURCE_UNREACHABLE: status.UNAVAILABLE,
  SOURCE_REJECTED: status.FAILED_PRECONDITION,
  SOURCE_MALFORMED: status.DATA_LOSS,
  RECORD_INVALID: status.INVALID_ARGUMENT,
  PUBLISH_FAILED: status.UNAVAILABLE,
  JOB_TIMEOUT: status.DEADLINE_EXCEEDED,
  SHUTTING_DOWN: status.UNAVAILABLE,
  INTERNAL: status.INTERNAL,
};

export function grpcStatusOf(code: ErrorCode): status {
  return byCode[code] ?? status.INTERNAL;
}
