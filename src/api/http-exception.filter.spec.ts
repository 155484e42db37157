import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  ImATeapotException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
  type ArgumentsHost,
  type LoggerService,
} from '@nestjs/common';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { HttpExceptionFilter, type ErrorBody } from './http-exception.filter.js';

/** Records what the filter sends; `status()` chains like Express's. */
class FakeResponse {
  statusCode: number | undefined;
  body: unknown;
  sent = 0;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  json(body: unknown): this {
    this.body = body;
    this.sent++;
    return this;
  }
}

class FakeHost {
  constructor(
    readonly response = new FakeResponse(),
    private readonly type: string = 'http',
  ) {}
  getType(): string {
    return this.type;
  }
  switchToHttp() {
    return {
      getRequest: () => ({ method: 'GET', url: '/x' }),
      getResponse: () => this.response,
      getNext: () => () => undefined,
    };
  }
  getArgs(): unknown[] {
    return [];
  }
  getArgByIndex(): unknown {
    return undefined;
  }
}

/** Stands in for Nest's console logger so the 500 path is checked and kept off the test output. */
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

function run(exception: unknown): { status: number | undefined; body: ErrorBody; sent: number } {
  const host = new FakeHost();
  new HttpExceptionFilter().catch(exception, host as unknown as ArgumentsHost);
  return {
    status: host.response.statusCode,
    body: host.response.body as ErrorBody,
    sent: host.response.sent,
  };
}

describe('HttpExceptionFilter', () => {
  beforeEach(() => {
    recorder.errors = [];
  });

  it('sends a FedwatchError NOT_FOUND as 404 { statusCode, code, message }', () => {
    const { status, body, sent } = run(new FedwatchError(ErrorCode.NOT_FOUND, 'no record r1'));
    expect(status).toBe(404);
    expect(sent).toBe(1);
    expect(body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'no record r1' });
    expect(JSON.parse(JSON.stringify(body))).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'no record r1',
    });
    expect(recorder.errors).toHaveLength(0);
  });

  it('includes non-empty details of a FedwatchError', () => {
    const { status, body } = run(new FedwatchError(ErrorCode.CONFLICT, 'taken', { id: 'r1' }));
    expect(status).toBe(409);
    expect(body).toEqual({ statusCode: 409, code: 'CONFLICT', message: 'taken', details: { id: 'r1' } });
  });

  it('uses the status of the FedwatchError code, and logs 5xx ones', () => {
    const { status, body } = run(new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, 'keystone down'));
    expect(status).toBe(502);
    expect(body.code).toBe('SOURCE_UNREACHABLE');
    expect(body.message).toBe('keystone down');
    expect(recorder.errors).toHaveLength(1);
  });

  it("maps Nest's NotFoundException to 404 NOT_FOUND", () => {
    const { status, body } = run(new NotFoundException('Cannot GET /nope'));
    expect(status).toBe(404);
    expect(body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /nope' });
  });

  it.each([
    [new UnauthorizedException(), 401, 'UNAUTHENTICATED'],
    [new ForbiddenException(), 403, 'FORBIDDEN'],
    [new ConflictException(), 409, 'CONFLICT'],
    [new ServiceUnavailableException(), 503, 'SHUTTING_DOWN'],
    [new ImATeapotException(), 418, 'INTERNAL'],
  ])('maps %p to %i %s', (exception, statusCode, code) => {
    const { status, body } = run(exception);
    expect(status).toBe(statusCode);
    expect(body.statusCode).toBe(statusCode);
    expect(body.code).toBe(code);
  });

  it('joins the array message of a BadRequestException (validation errors)', () => {
    const { status, body } = run(
      new BadRequestException(['from must be a date', 'limit must not be greater than 1000']),
    );
    expect(status).toBe(400);
    expect(body).toEqual({
      statusCode: 400,
      code: 'INVALID_ARGUMENT',
      message: 'from must be a date; limit must not be greater than 1000',
    });
  });

  it('uses the message of an HttpException with a plain string response', () => {
    const { status, body } = run(new HttpException('slow down', 429));
    expect(status).toBe(429);
    expect(body.message).toBe('slow down');
  });

  it('sends an unknown Error as 500 "internal error" without its message, but logs it', () => {
    const original = new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter22');
    const { status, body } = run(original);
    expect(status).toBe(500);
    expect(body).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'internal error' });
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
    expect(JSON.stringify(body)).not.toContain('hunter22');
    expect(recorder.errors).toHaveLength(1);
    expect(recorder.errors[0][0]).toBe(original);
  });

  it('treats a thrown non-Error value as an internal error', () => {
    const { status, body } = run('something odd');
    expect(status).toBe(500);
    expect(body.message).toBe('internal error');
  });

  it('rethrows outside HTTP and sends nothing', () => {
    const host = new FakeHost(new FakeResponse(), 'rpc');
    const err = new FedwatchError(ErrorCode.NOT_FOUND, 'x');
    expect(() => new HttpExceptionFilter().catch(err, host as unknown as ArgumentsHost)).toThrow(err);
    expect(host.response.sent).toBe(0);
  });
});
