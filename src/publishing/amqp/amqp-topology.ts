import type { Channel } from 'amqplib';
import type { AmqpConfig, MessageKind } from '../../config/config.types.js';

export const DEFAULT_QUEUE_PREFIX = 'fedwatch.';

export interface TopologyPlan {
  /** Durable topic exchange. */
  exchange: string;
  /** Durable queues, each bound to the exchange with its routing key. */
  queues: { queue: string; routingKey: string }[];
}

/** The routing key of a kind: `routingKeys[kind]`, else the kind itself. */
export function routingKeyOf(config: Pick<AmqpConfig, 'routingKeys'>, kind: MessageKind): string {
  return config.routingKeys[kind] ?? kind;
}

/**
 * What to declare on every (re)connect: the exchange, one queue `<prefix><kind>` per configured
 * kind when `declareQueues` is on, and the extra `bindings`. Declaring is idempotent, and doing it
 * on each connect restores a broker that lost its non-replicated state.
 */
export function planTopology(config: AmqpConfig, queuePrefix = DEFAULT_QUEUE_PREFIX): TopologyPlan {
  const perKind = config.declareQueues
    ? config.kinds.map((kind) => ({ queue: `${queuePrefix}${kind}`, routingKey: routingKeyOf(config, kind) }))
    : [];
  const extra = config.bindings.map(({ queue, routingKey }) => ({ queue, routingKey }));
  return { exchange: config.exchange, queues: [...perKind, ...extra] };
}

/** Declares the plan; a conflict (e.g. the exchange exists with another type) rejects and closes the channel. */
export async function declareTopology(channel: Channel, plan: TopologyPlan): Promise<void> {
  await channel.assertExchange(plan.exchange, 'topic', { durable: true });
  for (const { queue, routingKey } of plan.queues) {
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, plan.exchange, routingKey);
  }
}
