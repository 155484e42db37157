import { describe, expect, it } from '@jest/globals';
import type { OutgoingMessage } from '../message-destination.port.js';
import { SIGNED_CONTENT_TYPE, toAmqpMessage } from './amqp-message.js';

const message: OutgoingMessage = {
  messageId: 'a'.repeat(64),
  kind: 'accounting.cloud',
  body: 'APEL-cloud-message: v0.4\nVMUUID: x\n',
  contentType: 'text/plain; charset=us-ascii',
  recordCount: 1,
  site: 'CESNET-MCC',
  createdAt: new Date('2026-11-01T10:00:00.900Z'),
};
const ctx = { routingKey: 'accounting.cloud', appId: 'fedwatch/1.2.3', site: 'DEFAULT-SITE' };

describe('toAmqpMessage', () => {
  it('publishes persistent, mandatory, with the id, type, time in seconds, app id and headers', () => {
    const out = toAmqpMessage(message, ctx);
    expect(out.routingKey).toBe('accounting.cloud');
    expect(out.content.equals(Buffer.from(message.body))).toBe(true);
    expect(out.options).toEqual({
      persistent: true,
      mandatory: true,
      messageId: message.messageId,
      contentType: 'text/plain; charset=us-ascii',
      timestamp: Date.parse('2026-11-01T10:00:00Z') / 1000,
      appId: 'fedwatch/1.2.3',
      headers: { site: 'CESNET-MCC', kind: 'accounting.cloud', 'record-count': 1 },
    });
  });

  it('encodes the body as UTF-8 and falls back to the configured site', () => {
    const out = toAmqpMessage({ ...message, body: 'Ñandú', site: '' }, ctx);
    expect(out.content.toString('hex')).toBe(Buffer.from('Ñandú', 'utf8').toString('hex'));
    expect(out.options.headers.site).toBe('DEFAULT-SITE');
  });

  it('signs the body, keeps the unsigned id and records the unsigned content type', () => {
    const out = toAmqpMessage(message, { ...ctx, signer: { sign: (b) => `SIGNED\n${b}` } });
    expect(out.content.toString()).toBe(`SIGNED\n${message.body}`);
    expect(out.messageId).toBe(message.messageId);
    expect(out.options.messageId).toBe(message.messageId);
    expect(out.options.contentType).toBe(SIGNED_CONTENT_TYPE);
    expect(out.options.headers['x-unsigned-content-type']).toBe('text/plain; charset=us-ascii');
  });
});
