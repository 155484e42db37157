import type { ConfirmChannel, Message } from 'amqplib';
import type { PublishFailureReason, PublishOutcome } from '../message-destination.port.js';
import type { AmqpMessage } from './amqp-message.js';
import { errorText } from './amqp-redact.js';

// amqplib's confirm callback error for a basic.nack; any other error means the channel closed.
const NACKED = 'message nacked';

type Stop = 'closed' | 'timeout';

/**
 * Publishes `batch` as one window on a confirm channel, then waits for the broker's verdict on
 * each, all at once (awaiting confirms one at a time is an order of magnitude slower). Each item
 * is turned into its AMQP form (encoded, maybe signed) just before it is written, so that work
 * overlaps with the broker's; an item `prepare` throws for comes back `rejected`. Honours flow
 * control: when the channel's write buffer is full it waits for `drain` before writing on.
 *
 * Outcomes, in input order: ack → ok; ack after a `basic.return` → `unroutable` (RabbitMQ sends the
 * return of a mandatory message before its ack, so the return is known when the ack arrives);
 * nack → `nacked`; channel or connection lost before the confirm → `unreachable` (the broker may
 * still have it: a retry can deliver a duplicate with the same messageId, which consumers drop);
 * no verdict within `timeoutMs` of the start of the batch → `timeout`. Never rejects.
 */
export async function publishWindow<T extends { messageId: string }>(
  channel: ConfirmChannel,
  exchange: string,
  batch: readonly T[],
  prepare: (item: T) => AmqpMessage,
  timeoutMs: number,
): Promise<PublishOutcome[]> {
  const outcomes: (PublishOutcome | undefined)[] = new Array<PublishOutcome | undefined>(batch.length);
  const routingKeys: string[] = new Array<string>(batch.length);
  const returned = new Map<string, string>();
  let awaiting = 0;
  let sent = 0;
  let stop: Stop | null = null;
  let drained: boolean;
  let wake: () => void = () => {};
  const nextEvent = () => new Promise<void>((resolve) => (wake = resolve));

  const settle = (index: number, err: unknown): void => {
    if (outcomes[index]) return; // a confirm arriving after the batch gave up on it
    awaiting--;
    outcomes[index] = verdict(batch[index].messageId, routingKeys[index], err, returned);
    if (awaiting === 0) wake();
  };
  const onReturn = (msg: Message): void => {
    const id = msg.properties.messageId as unknown;
    // basic.return fields; amqplib's types describe deliveries only.
    const reply = msg.fields as unknown as { replyCode?: number; replyText?: string };
    if (typeof id === 'string') returned.set(id, `${reply.replyCode} ${reply.replyText}`);
  };
  const onDrain = (): void => {
    drained = true;
    wake();
  };
  const onClose = (): void => {
    stop ??= 'closed';
    wake();
  };
  const timer = setTimeout(() => {
    stop ??= 'timeout';
    wake();
  }, timeoutMs);

  channel.on('return', onReturn);
  channel.on('drain', onDrain);
  channel.on('close', onClose);
  try {
    for (let i = 0; i < batch.length && !stop; i++) {
      let m: AmqpMessage;
      try {
        m = prepare(batch[i]);
      } catch (err) {
        outcomes[i] = failure(batch[i].messageId, 'rejected', errorText(err));
        continue;
      }
      routingKeys[i] = m.routingKey;
      let writable: boolean;
      try {
        writable = channel.publish(exchange, m.routingKey, m.content, m.options, (err) => settle(i, err));
      } catch {
        // IllegalOperationError: the channel closed between two writes.
        stop ??= 'closed';
        break;
      }
      awaiting++;
      sent = i + 1;
      if (!writable) {
        drained = false;
        while (!drained && !stop) await nextEvent();
      }
    }
    while (awaiting > 0 && !stop) await nextEvent();
  } finally {
    clearTimeout(timer);
    channel.off('return', onReturn);
    channel.off('drain', onDrain);
    channel.off('close', onClose);
  }

  return batch.map(
    (item, i) => outcomes[i] ?? unsettled(item.messageId, i < sent, stop ?? 'closed', timeoutMs),
  );
}

function verdict(
  messageId: string,
  routingKey: string,
  err: unknown,
  returned: ReadonlyMap<string, string>,
): PublishOutcome {
  if (err == null) {
    const reply = returned.get(messageId);
    return reply === undefined
      ? { messageId, ok: true }
      : failure(
          messageId,
          'unroutable',
          `returned by the broker (${reply}): no queue bound for '${routingKey}'`,
        );
  }
  const text = errorText(err);
  if (text === NACKED) return failure(messageId, 'nacked', 'the broker nacked the message');
  return failure(messageId, 'unreachable', `connection lost before the broker confirmed (${text})`);
}

function unsettled(messageId: string, sent: boolean, stop: Stop, timeoutMs: number): PublishOutcome {
  if (stop === 'timeout') {
    const why = sent ? `no confirm within ${timeoutMs} ms` : `not sent: the batch took over ${timeoutMs} ms`;
    return failure(messageId, 'timeout', why);
  }
  return failure(
    messageId,
    'unreachable',
    sent ? 'connection lost before the broker confirmed' : 'not sent: connection lost',
  );
}

function failure(messageId: string, reason: PublishFailureReason, error: string): PublishOutcome {
  return { messageId, ok: false, reason, error };
}
