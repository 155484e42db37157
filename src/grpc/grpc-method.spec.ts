import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Metadata, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { Logger, type LoggerService } from '@nestjs/common';
import { TokenAuthenticator, type Principal } from '../common/auth/token-authenticator.js';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type { ApiRole } from '../config/config.types.js';
import {
  toServiceError,
  toTimestamp,
  unaryHandler,
  type GrpcUnaryMethod as GrpcMethod,
} from './grpc-method.js';

const READ_TOKEN = 'grpc-read-token-0001';
const ADMIN_TOKEN = 'grpc-admin-token-0002';

/** Keeps the "unknown error" log off the test output and lets the tests see it happened. */
class RecordingLogger implements LoggerService {
  errors: unknown[][] = [];
  log(): void {}
  warn(): void {}
  error(...args: unknown[]): void {
    this.errors.push(args);
  }
}
const recorder = new RecordingLogger();
Logger.overrideLogger(recorder);
afterAll(() => Logger.overrideLogger(new Logger()));
beforeEach(() => {
  recorder.errors = [];
});

/** A method that records what it was called with and answers with a fixed result (or throws). */
class FakeMethod implements GrpcMethod {
  calls: { request: unknown; principal: Principal }[] = [];
  constructor(
    readonly role: ApiRole,
    private readonly outcome: { result: unknown } | { error: unknown },
  ) {}
  async handle(request: unknown, principal: Principal): Promise<unknown> {
    this.calls.push({ request, principal });
    if ('error' in this.outcome) throw this.outcome.error;
    return this.outcome.result;
  }
}

interface Outcome {
  error: Parameters<sendUnaryData<unknown>>[0];
  value: unknown;
}

function call(
  method: GrpcMethod,
  auth: TokenAuthenticator,
  authorization?: string,
  request: unknown = {},
): Promise<Outcome> {
  const metadata = new Metadata();
  if (authorization !== undefined) metadata.set('authorization', authorization);
  const fakeCall = { metadata, request } as unknown as ServerUnaryCall<unknown, unknown>;
  return new Promise((resolve) => {
    unaryHandler(method, auth)(fakeCall, (error, value) => resolve({ error, value }));
  });
}

function authenticator(): TokenAuthenticator {
  return new TokenAuthenticator({
    auth: 'tokens',
    tokens: [
      { name: 'reader', role: 'read', token: READ_TOKEN },
      { name: 'operator', role: 'admin', token: ADMIN_TOKEN },
    ],
  });
}

describe('toServiceError', () => {
  it('maps FORBIDDEN to PERMISSION_DENIED with the fedwatch code in metadata', () => {
    const err = toServiceError(new FedwatchError(ErrorCode.FORBIDDEN, 'needs admin'));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.message).toBe('needs admin');
    expect(err.details).toBe('needs admin');
    expect(err.metadata?.get('fedwatch-error-code')).toEqual(['FORBIDDEN']);
    expect(recorder.errors).toHaveLength(0);
  });

  it('maps NOT_FOUND to NOT_FOUND', () => {
    const err = toServiceError(new FedwatchError(ErrorCode.NOT_FOUND, 'no such record'));
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.metadata?.get('fedwatch-error-code')).toEqual(['NOT_FOUND']);
  });

  it('maps an unknown error to INTERNAL "internal error", hiding its message but logging it', () => {
    const original = new Error('pg: password authentication failed for user "fedwatch"');
    const err = toServiceError(original);
    expect(err.code).toBe(status.INTERNAL);
    expect(err.message).toBe('internal error');
    expect(err.details).toBe('internal error');
    expect(err.metadata?.get('fedwatch-error-code')).toEqual(['INTERNAL']);
    expect(JSON.stringify(err)).not.toContain('password');
    expect(recorder.errors).toHaveLength(1);
    expect(recorder.errors[0][0]).toBe(original);
  });

  it('handles a thrown non-Error value', () => {
    const err = toServiceError('weird');
    expect(err.code).toBe(status.INTERNAL);
    expect(err.message).toBe('internal error');
  });
});

describe('toTimestamp', () => {
  it('keeps null and undefined unset', () => {
    expect(toTimestamp(null)).toBeNull();
    expect(toTimestamp(undefined)).toBeNull();
  });

  it('splits a Date into whole seconds (as a string) and nanos', () => {
    expect(toTimestamp(new Date('2024-03-01T12:00:00.123Z'))).toEqual({
      seconds: '1709294400',
      nanos: 123_000_000,
    });
    expect(toTimestamp(new Date(0))).toEqual({ seconds: '0', nanos: 0 });
    expect(toTimestamp(new Date(1_700_000_000_999))).toEqual({ seconds: '1700000000', nanos: 999_000_000 });
  });

  it('keeps nanos within 0..999_999_999 before 1970', () => {
    expect(toTimestamp(new Date(-1))).toEqual({ seconds: '-1', nanos: 999_000_000 });
    expect(toTimestamp(new Date(-1500))).toEqual({ seconds: '-2', nanos: 500_000_000 });
    expect(toTimestamp(new Date(-2000))).toEqual({ seconds: '-2', nanos: 0 });
  });
});

describe('unaryHandler', () => {
  it('refuses a call without a token with UNAUTHENTICATED (16) and does not run the handler', async () => {
    const method = new FakeMethod('read', { result: { ok: true } });
    const { error, value } = await call(method, authenticator());
    expect(error?.code).toBe(status.UNAUTHENTICATED);
    expect(error?.code).toBe(16);
    expect(error?.metadata?.get('fedwatch-error-code')).toEqual(['UNAUTHENTICATED']);
    expect(value).toBeUndefined();
    expect(method.calls).toHaveLength(0);
  });

  it('refuses an unknown token with UNAUTHENTICATED', async () => {
    const method = new FakeMethod('read', { result: { ok: true } });
    const { error } = await call(method, authenticator(), 'Bearer nope-nope-nope');
    expect(error?.code).toBe(16);
    expect(method.calls).toHaveLength(0);
  });

  it('refuses a read token on an admin method with PERMISSION_DENIED (7)', async () => {
    const method = new FakeMethod('admin', { result: { ok: true } });
    const { error, value } = await call(method, authenticator(), `Bearer ${READ_TOKEN}`);
    expect(error?.code).toBe(status.PERMISSION_DENIED);
    expect(error?.code).toBe(7);
    expect(error?.details).not.toContain(READ_TOKEN);
    expect(value).toBeUndefined();
    expect(method.calls).toHaveLength(0);
  });

  it('returns the handler result for a good token, passing the request and principal', async () => {
    const method = new FakeMethod('admin', { result: { jobId: 'j1', started: true } });
    const request = { job: 'accounting' };
    const { error, value } = await call(method, authenticator(), `Bearer ${ADMIN_TOKEN}`, request);
    expect(error).toBeNull();
    expect(value).toEqual({ jobId: 'j1', started: true });
    expect(method.calls).toEqual([{ request, principal: { name: 'operator', role: 'admin' } }]);
  });

  it('lets a read token call a read method', async () => {
    const method = new FakeMethod('read', { result: { n: 3 } });
    const { error, value } = await call(method, authenticator(), `bearer ${READ_TOKEN}`);
    expect(error).toBeNull();
    expect(value).toEqual({ n: 3 });
  });

  it('maps a FedwatchError from the handler to its gRPC status', async () => {
    const method = new FakeMethod('read', { error: new FedwatchError(ErrorCode.NOT_FOUND, 'no record r9') });
    const { error } = await call(method, authenticator(), `Bearer ${READ_TOKEN}`);
    expect(error?.code).toBe(status.NOT_FOUND);
    expect(error?.details).toBe('no record r9');
  });

  it('maps any other handler failure to INTERNAL without its message', async () => {
    const method = new FakeMethod('read', { error: new Error('secret internals') });
    const { error } = await call(method, authenticator(), `Bearer ${READ_TOKEN}`);
    expect(error?.code).toBe(status.INTERNAL);
    expect(error?.details).toBe('internal error');
  });

  it('trusts every caller as admin when authentication is open', async () => {
    const method = new FakeMethod('admin', { result: 'done' });
    const open = new TokenAuthenticator({ auth: 'none', tokens: [] });
    const { error, value } = await call(method, open);
    expect(error).toBeNull();
    expect(value).toBe('done');
    expect(method.calls[0].principal).toEqual({ name: 'anonymous', role: 'admin' });
  });
});
