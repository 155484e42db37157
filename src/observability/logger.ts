import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LoggingConfig } from '../config/config.types.js';
import { SecretScrubber } from './secret-scrubber.js';

export interface CreateLoggerOptions {
  logging: LoggingConfig;
  scrubber: SecretScrubber;
  /** Where lines go; stderr keeps stdout free for CLI output. */
  destination?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** One pino logger for the process: JSON lines in production, pretty on a terminal. */
export function createRootLogger({
  logging,
  scrubber,
  destination = process.stderr,
}: CreateLoggerOptions): Logger {
  const usePretty = logging.format === 'pretty' || (logging.format === 'auto' && destination.isTTY === true);
  const stream = usePretty
    ? pretty({
        destination,
        colorize: destination.isTTY === true,
        translateTime: 'SYS:HH:MM:ss.l',
        sync: true,
      })
    : destination;
  return pino(
    {
      level: logging.level,
      base: { service: 'fedwatch' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: (line) => scrubber.scrub(line) },
    },
    stream,
  );
}

/** Nest's start-up chatter (one line per module and route) is debug detail, not news. */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** Routes NestJS's own logging into the pino logger, keeping the context as a field. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    this.write(typeof context === 'string' && CHATTY_CONTEXTS.has(context) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    message: unknown,
    rest: unknown[],
  ) {
    // Nest passes (message, context) or (message, stack, context); the context is the last string.
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      // `logger.warn({ fields }, 'text')` from a Nest Logger: the text arrives before the context.
      const text = stack ?? (message as { msg?: unknown }).msg;
      this.root[level]({
        ...fields,
        ...(message as object),
        ...(typeof text === 'string' ? { msg: text } : {}),
      });
    } else {
      this.root[level](stack ? { ...fields, stack } : fields, String(message));
    }
  }
}
