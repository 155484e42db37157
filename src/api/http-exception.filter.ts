import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ErrorCode, FedwatchError, httpStatusOf } from '../common/errors/index.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const codeByStatus: Record<number, ErrorCode> = {
  400: ErrorCode.INVALID_ARGUMENT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  503: ErrorCode.SHUTTING_DOWN,
};

/** The one place REST turns errors into responses: `{ statusCode, code, message, details }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof FedwatchError) {
      const statusCode = httpStatusOf(exception.code);
      const details = Object.keys(exception.details).length ? exception.details : undefined;
      return { statusCode, code: exception.code, message: exception.message, details };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? [(response as { message: unknown }).message].flat().join('; ')
          : exception.message;
      return { statusCode, code: codeByStatus[statusCode] ?? ErrorCode.INTERNAL, message };
    }
    // Unknown errors may carry internals; the log has them, the client gets a generic message.
    return { statusCode: 500, code: ErrorCode.INTERNAL, message: 'internal error' };
  }
}
