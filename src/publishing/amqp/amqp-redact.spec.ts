import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { errorText, redactCredentials } from './amqp-redact.js';

const URL = 'amqp://fedwatch:S3cret%40pass@broker.example:5672/site';

describe('redactCredentials', () => {
  it('masks the userinfo of a URL quoted in an error message', () => {
    const text = `Expected amqp: or amqps: as the protocol; got ${URL}`;
    expect(redactCredentials(text, URL)).toBe(
      'Expected amqp: or amqps: as the protocol; got amqp://***@broker.example:5672/site',
    );
  });

  it('masks the password wherever it appears, raw or decoded', () => {
    expect(redactCredentials('login S3cret%40pass and S3cret@pass refused', URL)).toBe(
      'login *** and *** refused',
    );
  });

  it('masks a password with an unencoded @ whole', () => {
    expect(redactCredentials('got amqp://u:p@ss@host:5672/', 'amqp://u:x@host')).toBe(
      'got amqp://***@host:5672/',
    );
  });

  it('leaves messages without credentials alone', () => {
    expect(redactCredentials('connect ECONNREFUSED 127.0.0.1:5672', URL)).toBe(
      'connect ECONNREFUSED 127.0.0.1:5672',
    );
    expect(redactCredentials('Heartbeat timeout', 'not a url')).toBe('Heartbeat timeout');
  });

  it('never lets a password of four or more characters through', () => {
    const password = fc.stringMatching(/^[\w!$%&+,;=~-]{4,20}$/);
    fc.assert(
      fc.property(password, fc.string(), fc.string(), (pw, before, after) => {
        const url = `amqp://user:${encodeURIComponent(pw)}@h:5672/`;
        const out = redactCredentials(`${before}${url}${after}${pw}`, url);
        expect(out).not.toContain(`user:${encodeURIComponent(pw)}@`);
        expect(out.endsWith(pw)).toBe(false);
      }),
    );
  });
});

describe('errorText', () => {
  it('uses the message, else the errno code, else the first inner error', () => {
    expect(errorText(new Error('Unexpected close'))).toBe('Unexpected close');
    expect(errorText(Object.assign(new AggregateError([]), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(errorText(new AggregateError([new Error('connect ECONNREFUSED ::1:5672')]))).toBe(
      'connect ECONNREFUSED ::1:5672',
    );
    expect(errorText('boom')).toBe('boom');
  });
});
