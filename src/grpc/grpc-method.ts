import {
  Metadata,
  status,
  type ServerErrorResponse,
  type handleServerStreamingCall,
  type handleUnaryCall,
} from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import type { Principal, TokenAuthenticator } from '../common/auth/token-authenticator.js';
import { ErrorCode, FedwatchError, grpcStatusOf } from '../common/errors/index.js';
import type { ApiRole } from '../config/config.types.js';

/** One unary method: the role it needs and its handler (request object in, response object out). */
export interface GrpcUnaryMethod {
  role: ApiRole;
  handle(request: unknown, principal: Principal): Promise<unknown>;
}

/**
 * One server-streaming method: `stream` writes messages with `send` until the client cancels
 * (`signal` aborts) or the service stops; a rejection ends the call with its status.
 */
export interface GrpcStreamMethod {
  role: ApiRole;
  stream(request: unknown, send: (message: unknown) => void, signal: AbortSignal): Promise<void>;
}

export type GrpcMethod = GrpcUnaryMethod | GrpcStreamMethod;

export function isStreamMethod(method: GrpcMethod): method is GrpcStreamMethod {
  return 'stream' in method;
}

const logger = new Logger('gRPC');

/** Authenticates from the `authorization` metadata and maps FedwatchError codes to gRPC status. */
export function unaryHandler(
  method: GrpcUnaryMethod,
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

/**
 * A server-streaming handler; `open` tracks the live calls so shutdown can end them (an open watch
 * would otherwise hold `tryShutdown` for the whole grace period).
 */
export function streamHandler(
  method: GrpcStreamMethod,
  auth: TokenAuthenticator,
  open: Set<AbortController>,
): handleServerStreamingCall<unknown, unknown> {
  return (call) => {
    const abort = new AbortController();
    open.add(abort);
    call.on('cancelled', () => abort.abort());
    void (async () => {
      try {
        const header = call.metadata.get('authorization')[0];
        const principal = auth.authenticate(typeof header === 'string' ? header : undefined);
        auth.authorize(principal, method.role);
        await method.stream(call.request, (message) => call.write(message), abort.signal);
        if (!call.cancelled) call.end();
      } catch (err) {
        if (!call.cancelled) call.emit('error', toServiceError(err));
      } finally {
        open.delete(abort);
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
