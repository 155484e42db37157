import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import type { LogLevel } from '../config/config.types.js';
import { NestPinoLogger, createRootLogger } from './logger.js';
import { SecretScrubber } from './secret-scrubber.js';

const SECRET = 'sk-live-0123456789abcdef';
const QUOTED_SECRET = 'pw"with\\odd-chars';

function setup(level: LogLevel = 'info') {
  const destination = new PassThrough();
  const logger = createRootLogger({
    logging: { level, format: 'json' },
    scrubber: new SecretScrubber([SECRET, QUOTED_SECRET]),
    destination,
  });
  /** Everything written so far, as raw text. */
  const raw = (): string => {
    const chunk = destination.read() as Buffer | null;
    return chunk ? chunk.toString('utf8') : '';
  };
  /** Everything written so far, one parsed JSON object per line. */
  const lines = (): Record<string, unknown>[] => {
    const text = raw();
    if (text === '') return [];
    expect(text.endsWith('\n')).toBe(true);
    return text
      .slice(0, -1)
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  };
  return { logger, raw, lines };
}

describe('createRootLogger (json)', () => {
  it('writes one JSON object per line with the level as a label', () => {
    const { logger, lines } = setup();
    logger.info('first');
    logger.warn({ jobId: 'j1' }, 'second');
    const out = lines();
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ level: 'info', msg: 'first', service: 'fedwatch' });
    expect(out[1]).toMatchObject({ level: 'warn', msg: 'second', jobId: 'j1' });
    expect(typeof out[0].time).toBe('string');
    expect(Number.isNaN(Date.parse(out[0].time as string))).toBe(false);
  });

  it('honours the configured level', () => {
    const { logger, lines } = setup('warn');
    logger.info('dropped');
    logger.debug('dropped too');
    logger.error('kept');
    expect(lines().map((l) => l.msg)).toEqual(['kept']);
  });

  it('masks a secret in the message, in a field and inside an Error', () => {
    const { logger, raw } = setup();
    logger.info(`connecting with ${SECRET}`);
    logger.info({ url: `https://user:${SECRET}@example.org/`, nested: { token: SECRET } }, 'fields');
    logger.error(new Error(`upstream said: bad token ${SECRET}`));
    logger.error({ err: new Error(`wrapped ${SECRET}`) }, 'as a field');
    const text = raw();
    expect(text).not.toContain(SECRET);
    const out = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(4);
    expect(out[0].msg).toBe('connecting with ***');
    expect(out[1]).toMatchObject({ url: 'https://user:***@example.org/', nested: { token: '***' } });
    expect(out[2].msg).toBe('upstream said: bad token ***');
    expect((out[2].err as { message: string; stack: string }).message).toBe('upstream said: bad token ***');
    expect((out[2].err as { stack: string }).stack).toContain('upstream said: bad token ***');
    expect((out[3].err as { message: string }).message).toBe('wrapped ***');
  });

  it('masks a secret with a quote and a backslash that pino JSON-escapes', () => {
    const { logger, raw } = setup();
    logger.info({ password: QUOTED_SECRET }, `login ${QUOTED_SECRET}`);
    const text = raw();
    expect(text).not.toContain(JSON.stringify(QUOTED_SECRET).slice(1, -1));
    expect(JSON.parse(text)).toMatchObject({ msg: 'login ***', password: '***' });
  });
});

describe('NestPinoLogger', () => {
  it('maps (message, context) to msg and a context field', () => {
    const { logger, lines } = setup();
    new NestPinoLogger(logger).log('Nest application successfully started', 'NestApplication');
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'Nest application successfully started',
        context: 'NestApplication',
      }),
    ]);
  });

  it('maps (message, stack, context) to msg, stack and context fields', () => {
    const { logger, lines } = setup();
    new NestPinoLogger(logger).error('request failed', 'Error: x\n    at y (z.js:1:1)', 'ExceptionsHandler');
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'error',
      msg: 'request failed',
      stack: 'Error: x\n    at y (z.js:1:1)',
      context: 'ExceptionsHandler',
    });
  });

  it('keeps the text of (fields, text, context): a Nest Logger given an object and a message', () => {
    const { logger, lines } = setup();
    new NestPinoLogger(logger).warn({ project: 'p1', records: 3 }, 'project skipped', 'Accounting');
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'project skipped',
        project: 'p1',
        records: 3,
        context: 'Accounting',
      }),
    ]);
  });

  it('has no context field when Nest passes none', () => {
    const { logger, lines } = setup();
    new NestPinoLogger(logger).warn('bare');
    const [line] = lines();
    expect(line).toMatchObject({ level: 'warn', msg: 'bare' });
    expect(line).not.toHaveProperty('context');
    expect(line).not.toHaveProperty('stack');
  });

  it('maps each Nest level to the pino level', () => {
    const { logger, lines } = setup('trace');
    const nest = new NestPinoLogger(logger);
    nest.log('l', 'Ctx');
    nest.warn('w', 'Ctx');
    nest.error('e', 'Ctx');
    nest.debug('d', 'Ctx');
    nest.verbose('v', 'Ctx');
    nest.fatal('f', 'Ctx');
    expect(lines().map((l) => [l.msg, l.level])).toEqual([
      ['l', 'info'],
      ['w', 'warn'],
      ['e', 'error'],
      ['d', 'debug'],
      ['v', 'trace'],
      ['f', 'fatal'],
    ]);
  });

  it('logs an Error message as err, masked', () => {
    const { logger, raw } = setup();
    new NestPinoLogger(logger).error(new Error(`token ${SECRET} rejected`), 'HTTP');
    const text = raw();
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toMatchObject({
      level: 'error',
      context: 'HTTP',
      msg: 'token *** rejected',
      err: { message: 'token *** rejected' },
    });
  });

  it('merges an object message into the line', () => {
    const { logger, lines } = setup();
    new NestPinoLogger(logger).log({ route: '/x', method: 'GET' }, 'Custom');
    expect(lines()[0]).toMatchObject({ level: 'info', route: '/x', method: 'GET', context: 'Custom' });
  });

  it.each(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory'])(
    'demotes %s to debug: not written at level info, written as debug at level debug',
    (context) => {
      const atInfo = setup('info');
      new NestPinoLogger(atInfo.logger).log('start-up chatter', context);
      expect(atInfo.raw()).toBe('');

      const atDebug = setup('debug');
      new NestPinoLogger(atDebug.logger).log('start-up chatter', context);
      expect(atDebug.lines()).toEqual([
        expect.objectContaining({ level: 'debug', msg: 'start-up chatter', context }),
      ]);
    },
  );

  it('does not demote warnings or errors from the chatty contexts', () => {
    const { logger, lines } = setup('info');
    const nest = new NestPinoLogger(logger);
    nest.warn('careful', 'InstanceLoader');
    nest.error('broken', 'RoutesResolver');
    expect(lines().map((l) => l.level)).toEqual(['warn', 'error']);
  });
});
