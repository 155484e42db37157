import { packageVersion } from '../../common/package-info.js';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { AmqpConfig, MessageKind } from '../../config/config.types.js';
import {
  MessageDestination,
  type DestinationState,
  type OutgoingMessage,
  type PublishOutcome,
} from '../message-destination.port.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './amqp-backoff.js';
import { AmqpConnection } from './amqp-connection.js';
import { toAmqpMessage, type AmqpMessage } from './amqp-message.js';
import { publishWindow } from './amqp-publisher.js';
import { errorText } from './amqp-redact.js';
import { declareTopology, planTopology, routingKeyOf } from './amqp-topology.js';
import { silentLogger, type AmqpLogger, type MessageSigner } from './amqp.types.js';

export interface AmqpDestinationOptions {
  /** GOCDB site name: the `site` header when a message names none, and the connection name. */
  site: string;
  /** Signs each body at publish time (S/MIME, apel.md §10); null or absent publishes unsigned. */
  signer?: MessageSigner | null;
  logger?: AmqpLogger;
  /** AMQP `app-id`; default `fedwatch/<version>`. */
  appId?: string;
  /**
   * Limit for one batch, from its first write to its last confirm (default 20 s). Keep it below the
   * relay's own publish timeout, so the destination reports per-message outcomes before the relay
   * gives up on the call.
   */
  confirmTimeoutMs?: number;
  /** Limit for one connection attempt (default 10 s). */
  connectTimeoutMs?: number;
  /** Reconnect back-off (default 1 s doubling to 60 s, with jitter). */
  backoff?: Partial<BackoffPolicy>;
  /** Prefix of the per-kind queues (default `fedwatch.`); tests on a shared broker use their own. */
  queuePrefix?: string;
}

/**
 * The AMQP destination: publishes outbox messages to a durable topic exchange with publisher
 * confirms, so an `ok` outcome means the broker has taken responsibility for the message.
 * Reconnects by itself; while the broker is away every publish fails fast as `unreachable` and
 * the relay retries later. Batches are published one at a time, each as a window.
 */
export class AmqpDestination extends MessageDestination {
  readonly name = 'amqp';
  private readonly connection: AmqpConnection;
  private readonly appId: string;
  private readonly confirmTimeoutMs: number;
  private tail: Promise<unknown> = Promise.resolve();
  private closing = false;

  constructor(
    private readonly config: AmqpConfig,
    private readonly options: AmqpDestinationOptions,
  ) {
    super();
    if (!config.url) {
      throw new FedwatchError(ErrorCode.CONFIG_INVALID, 'the AMQP destination needs federation.amqp.url');
    }
    this.appId = options.appId ?? `fedwatch/${packageVersion}`;
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 20_000;
    const plan = planTopology(config, options.queuePrefix);
    this.connection = new AmqpConnection({
      url: config.url,
      heartbeatSeconds: config.heartbeatSeconds,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      connectionName: `fedwatch ${options.site}`.trim(),
      setup: (channel) => declareTopology(channel, plan),
      logger: options.logger ?? silentLogger,
    });
  }

  /** First connection attempt; resolves either way, so the service starts while the broker is down. */
  start(): Promise<void> {
    return this.connection.start();
  }

  accepts(kind: MessageKind): boolean {
    return this.config.kinds.includes(kind);
  }

  publish(batch: readonly OutgoingMessage[]): Promise<PublishOutcome[]> {
    // One batch at a time on the channel keeps returns, drain waits and the timeout per batch.
    const run = this.tail.then(() => this.publishNow(batch));
    this.tail = run.catch(() => undefined);
    return run;
  }

  state(): DestinationState {
    return this.connection.state();
  }

  /** Lets the batch in flight finish (bounded by the confirm timeout), then disconnects. */
  async close(): Promise<void> {
    this.closing = true;
    await this.tail;
    await this.connection.close();
  }

  private async publishNow(batch: readonly OutgoingMessage[]): Promise<PublishOutcome[]> {
    if (batch.length === 0) return [];
    const channel = this.closing ? null : this.connection.channel();
    if (!channel) {
      const why = this.closing ? 'destination closed' : (this.state().error ?? 'not connected');
      return batch.map((m) => ({
        messageId: m.messageId,
        ok: false,
        reason: 'unreachable',
        error: `broker not connected: ${why}`,
      }));
    }
    return publishWindow(channel, this.config.exchange, batch, this.prepare, this.confirmTimeoutMs);
  }

  private readonly prepare = (message: OutgoingMessage): AmqpMessage => {
    try {
      return toAmqpMessage(message, {
        routingKey: routingKeyOf(this.config, message.kind),
        appId: this.appId,
        site: this.options.site,
        signer: this.options.signer,
      });
    } catch (err) {
      throw new Error(`signing failed: ${errorText(err)}`, { cause: err });
    }
  };
}
