import { Metadata, status, type ServerErrorResponse, type handleUnaryCall } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import type { Principal, TokenAuthenticator } from '../common/auth/token-authenticator.js';
import { ErrorCode, FedwatchError, grpcStatusOf } from '../common/errors/index.js';
import type { ApiRole } from '../config/config.types.js';

/** One unary method: the role it needs and its handler (request object in, response object out). */
export interface GrpcMethod {
  role: ApiRole;
  handle(request: unknown, principal: Principal): Promise<unknown>;
}

const logger = new Logger('gRPC');

/** Authenticates from the `authorization` metadata and maps FedwatchError codes to gRPC status. */
export function unaryHandler(
  method: GrpcMethod,
  auth: TokenAuthenticator,
): handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    void (async () => {
      try {
        const header = call.metadata.get('authorization')[0];
        const principal = auth.authenticate(typeof header === 'string' ? header : undefined);
        auth.authorize(principal, method.role);
        callback(null, await method.handle(call.request, principal));
      } catch (err) {
        callback(toServiceError(err));
      }
    })();
  };
}

export function toServiceError(err: unknown): ServerErrorResponse {
  const fw = err instanceof FedwatchError ? err : null;
  if (!fw) logger.error(err instanceof Error ? err : String(err));
  const metadata = new Metadata();
  metadata.set('fedwatch-error-code', fw?.code ?? ErrorCode.INTERNAL);
  return {
    name: 'FedwatchError',
    message: fw?.message ?? 'internal error',
    code: fw ? grpcStatusOf(fw.code) : status.INTERNAL,
    details: fw?.message ?? 'internal error',
    metadata,
  };
}

/** google.protobuf.Timestamp from a Date (null stays unset). */
export function toTimestamp(date: Date | null | undefined): { seconds: string; nanos: number } | null {
  if (!date) return null;
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  // Timestamp nanos must be 0..999_999_999 even before 1970 (`ms % 1000` is negative there).
  return { seconds: String(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}
