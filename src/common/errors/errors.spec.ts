import { status } from '@grpc/grpc-js';
import { describe, expect, it } from '@jest/globals';
import { ErrorCode, FedwatchError, grpcStatusOf, httpStatusOf } from './index.js';

/**
 * The public contract of every code. Deliberately a full table: a new ErrorCode without an entry
 * here fails the "every code" tests below, so nobody can add one and silently fall back to 500.
 */
const expected: Record<string, { http: number; grpc: status }> = {
  CONFIG_INVALID: { http: 500, grpc: status.FAILED_PRECONDITION },
  DATABASE_UNAVAILABLE: { http: 503, grpc: status.UNAVAILABLE },
  DATA_DIR_LOCKED: { http: 503, grpc: status.UNAVAILABLE },
  MIGRATION_FAILED: { http: 500, grpc: status.INTERNAL },
  UNAUTHENTICATED: { http: 401, grpc: status.UNAUTHENTICATED },
  FORBIDDEN: { http: 403, grpc: status.PERMISSION_DENIED },
  NOT_FOUND: { http: 404, grpc: status.NOT_FOUND },
  INVALID_ARGUMENT: { http: 400, grpc: status.INVALID_ARGUMENT },
  CONFLICT: { http: 409, grpc: status.ALREADY_EXISTS },
  SOURCE_UNREACHABLE: { http: 502, grpc: status.UNAVAILABLE },
  SOURCE_REJECTED: { http: 502, grpc: status.FAILED_PRECONDITION },
  SOURCE_MALFORMED: { http: 502, grpc: status.DATA_LOSS },
  RECORD_INVALID: { http: 422, grpc: status.INVALID_ARGUMENT },
  PUBLISH_FAILED: { http: 502, grpc: status.UNAVAILABLE },
  JOB_TIMEOUT: { http: 504, grpc: status.DEADLINE_EXCEEDED },
  SHUTTING_DOWN: { http: 503, grpc: status.UNAVAILABLE },
  INTERNAL: { http: 500, grpc: status.INTERNAL },
};

const allCodes = Object.values(ErrorCode);

describe('ErrorCode', () => {
  it('uses each code as its own value (codes are stable strings on the wire)', () => {
    for (const [key, value] of Object.entries(ErrorCode)) expect(value).toBe(key);
  });

  it('has no code without an agreed HTTP and gRPC status in this test', () => {
    expect([...allCodes].sort()).toEqual(Object.keys(expected).sort());
  });
});

describe('httpStatusOf / grpcStatusOf', () => {
  it.each(allCodes)('maps %s explicitly', (code) => {
    expect(httpStatusOf(code)).toBe(expected[code].http);
    expect(grpcStatusOf(code)).toBe(expected[code].grpc);
  });

  it('maps client mistakes to 4xx and failures of fedwatch or its sources to 5xx', () => {
    const clientSide: ErrorCode[] = [
      ErrorCode.UNAUTHENTICATED,
      ErrorCode.FORBIDDEN,
      ErrorCode.NOT_FOUND,
      ErrorCode.INVALID_ARGUMENT,
      ErrorCode.CONFLICT,
      ErrorCode.RECORD_INVALID,
    ];
    for (const code of allCodes) {
      const http = httpStatusOf(code);
      if (clientSide.includes(code)) expect(http >= 400 && http < 500).toBe(true);
      else expect(http >= 500 && http < 600).toBe(true);
      expect(grpcStatusOf(code)).not.toBe(status.OK);
    }
  });

  it('falls back to 500 / INTERNAL for a code it does not know', () => {
    const unknown = 'NOT_A_CODE' as ErrorCode;
    expect(httpStatusOf(unknown)).toBe(500);
    expect(grpcStatusOf(unknown)).toBe(status.INTERNAL);
  });
});

describe('FedwatchError', () => {
  it('carries code, message, details and name', () => {
    const err = new FedwatchError(ErrorCode.NOT_FOUND, 'no such record', { id: 'r1' });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('FedwatchError');
    expect(err.code).toBe(ErrorCode.NOT_FOUND);
    expect(err.message).toBe('no such record');
    expect(err.details).toEqual({ id: 'r1' });
    expect(new FedwatchError(ErrorCode.INTERNAL, 'x').details).toEqual({});
  });

  it('is() checks the type and optionally the code', () => {
    const err = new FedwatchError(ErrorCode.CONFLICT, 'taken');
    expect(FedwatchError.is(err)).toBe(true);
    expect(FedwatchError.is(err, ErrorCode.CONFLICT)).toBe(true);
    expect(FedwatchError.is(err, ErrorCode.NOT_FOUND)).toBe(false);
    expect(FedwatchError.is(new Error('taken'))).toBe(false);
    expect(FedwatchError.is({ code: ErrorCode.CONFLICT, message: 'taken' })).toBe(false);
  });

  describe('from', () => {
    it('returns a FedwatchError as is, keeping its code over the requested one', () => {
      const original = new FedwatchError(ErrorCode.NOT_FOUND, 'gone', { id: 1 });
      expect(FedwatchError.from(original)).toBe(original);
      expect(FedwatchError.from(original, ErrorCode.SOURCE_UNREACHABLE)).toBe(original);
      expect(FedwatchError.from(original, ErrorCode.SOURCE_UNREACHABLE).code).toBe(ErrorCode.NOT_FOUND);
    });

    it('wraps another Error with its message, the given code and the original as cause', () => {
      const original = new TypeError('fetch failed');
      const wrapped = FedwatchError.from(original, ErrorCode.SOURCE_UNREACHABLE);
      expect(wrapped).toBeInstanceOf(FedwatchError);
      expect(wrapped).not.toBe(original);
      expect(wrapped.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
      expect(wrapped.message).toBe('fetch failed');
      expect(wrapped.cause).toBe(original);
      expect(wrapped.details).toEqual({});
    });

    it('defaults to INTERNAL and stringifies non-Error values', () => {
      const wrapped = FedwatchError.from('boom');
      expect(wrapped.code).toBe(ErrorCode.INTERNAL);
      expect(wrapped.message).toBe('boom');
      expect(wrapped.cause).toBe('boom');
      expect(FedwatchError.from(42).message).toBe('42');
      expect(FedwatchError.from(undefined).message).toBe('undefined');
    });
  });

  it('serializes to code, message and details only (no stack, cause or name)', () => {
    const cause = new Error('inner secret detail');
    const err = new FedwatchError(ErrorCode.SOURCE_REJECTED, 'rejected', { status: 403 }, { cause });
    expect(err.toJSON()).toEqual({ code: 'SOURCE_REJECTED', message: 'rejected', details: { status: 403 } });
    expect(Object.keys(err.toJSON()).sort()).toEqual(['code', 'details', 'message']);
    const json = JSON.parse(JSON.stringify(err)) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['code', 'details', 'message']);
    expect(JSON.stringify(err)).not.toContain('inner secret detail');
  });
});
