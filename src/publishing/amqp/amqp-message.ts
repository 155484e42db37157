import type { Options } from 'amqplib';
import type { OutgoingMessage } from '../message-destination.port.js';
import type { MessageSigner } from './amqp.types.js';

/**
 * The AMQP content type of a signed body: the document itself is an S/MIME `multipart/signed`
 * message whose own headers carry the boundary (apel.md §10).
 */
export const SIGNED_CONTENT_TYPE =
  'multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha-256"';

/** One message ready for `basic.publish`. */
export interface AmqpMessage {
  messageId: string;
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
}

export interface AmqpMessageContext {
  routingKey: string;
  /** `fedwatch/<version>`. */
  appId: string;
  /** Used when the message names no site. */
  site: string;
  signer?: MessageSigner | null;
}

/**
 * Maps an outbox message onto AMQP: persistent, mandatory (so an unroutable message comes back
 * instead of vanishing), the unsigned body's SHA-256 as `messageId` (consumers deduplicate on it,
 * signed or not), `createdAt` as the timestamp in seconds. With a signer the body is signed here,
 * at relay time, so a certificate renewal applies to messages already in the outbox.
 */
export function toAmqpMessage(message: OutgoingMessage, ctx: AmqpMessageContext): AmqpMessage {
  const headers: Record<string, string | number> = {
    site: message.site || ctx.site,
    kind: message.kind,
    'record-count': message.recordCount,
  };
  let body = message.body;
  let contentType = message.contentType;
  if (ctx.signer) {
    body = ctx.signer.sign(message.body);
    contentType = SIGNED_CONTENT_TYPE;
    headers['x-unsigned-content-type'] = message.contentType;
  }
  return {
    messageId: message.messageId,
    routingKey: ctx.routingKey,
    content: Buffer.from(body, 'utf8'),
    options: {
      persistent: true,
      mandatory: true,
      messageId: message.messageId,
      contentType,
      timestamp: Math.floor(message.createdAt.getTime() / 1000),
      appId: ctx.appId,
      headers,
    },
  };
}
