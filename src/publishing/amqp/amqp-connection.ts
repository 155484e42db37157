import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { DestinationState } from '../message-destination.port.js';
import { reconnectDelayMs, type BackoffPolicy } from './amqp-backoff.js';
import { errorText, redactCredentials } from './amqp-redact.js';
import type { AmqpLogger } from './amqp.types.js';

export type AmqpStatus = 'connected' | 'connecting' | 'down';

export interface AmqpConnectionOptions {
  url: string;
  /** 0 disables heartbeats. */
  heartbeatSeconds: number;
  /** Bounds one attempt (TCP connect and AMQP handshake). */
  connectTimeoutMs: number;
  backoff: BackoffPolicy;
  /** Shown in the broker's connection list. */
  connectionName: string;
  /** Runs on each new channel before it is handed out (declares the topology). */
  setup(channel: ConfirmChannel): Promise<void>;
  logger: AmqpLogger;
  random?: () => number;
}

/**
 * One connection and one confirm channel to the broker, re-established with exponential back-off
 * and jitter whenever either is lost. A lost channel also drops the connection, so one path
 * (connect, open channel, declare topology) restores both. Hands out the channel only when
 * everything is up: callers never wait for a broker that is down.
 */
export class AmqpConnection {
  private status: AmqpStatus = 'down';
  private error: string | undefined;
  private blocked: string | null = null;
  private since = new Date();
  private model: ChannelModel | null = null;
  private ready: ConfirmChannel | null = null;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: AmqpConnectionOptions) {}

  /** Makes the first attempt; resolves when it has succeeded or failed (retries go on behind). */
  start(): Promise<void> {
    return this.connectOnce();
  }

  /** The confirm channel, or null unless connected and the topology is declared. */
  channel(): ConfirmChannel | null {
    return this.status === 'connected' ? this.ready : null;
  }

  state(): DestinationState {
    const error =
      this.status === 'connected' && this.blocked ? `broker blocked publishing: ${this.blocked}` : this.error;
    return { status: this.status, ...(error ? { error } : {}), since: this.since };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.connecting;
    const model = this.model;
    this.model = this.ready = null;
    this.setStatus('down', undefined);
    if (model) await model.close().catch(() => undefined);
  }

  private connectOnce(): Promise<void> {
    this.connecting ??= this.attempt().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async attempt(): Promise<void> {
    if (this.closed || this.model) return;
    this.setStatus('connecting', this.error);
    let model: ChannelModel | null = null;
    try {
      model = await connect(this.urlWithHeartbeat(), {
        timeout: this.options.connectTimeoutMs,
        // The last frames of a batch must not sit in Nagle's buffer waiting for a delayed ACK.
        noDelay: true,
        clientProperties: { connection_name: this.options.connectionName },
      });
      const current = model;
      this.model = current;
      this.blocked = null;
      // Listeners stay attached for the model's lifetime: an 'error' without a listener would throw.
      current.on('error', (err: Error) => this.lost(current, err));
      current.on('close', (err?: Error) => this.lost(current, err ?? new Error('connection closed')));
      current.on('blocked', (reason: string) => this.onBlocked(reason));
      current.on('unblocked', () => this.onBlocked(null));
      const channel = await current.createConfirmChannel();
      let channelError: unknown = null;
      channel.on('error', (err: Error) => (channelError = err));
      channel.on('close', () => this.lost(current, channelError ?? new Error('channel closed')));
      await this.options.setup(channel);
      if (this.model !== current || this.closed) return; // lost meanwhile, or close() takes it down
      this.ready = channel;
      this.failures = 0;
      this.setStatus('connected', undefined);
      this.options.logger.info({ destination: 'amqp', server: this.server() }, 'AMQP broker connected');
    } catch (err) {
      if (model === null) this.failed(err);
      else this.lost(model, err); // no-op when the model's own events already reported it
    }
  }

  private lost(model: ChannelModel, err: unknown): void {
    if (this.model !== model) return;
    this.model = this.ready = null;
    // After a channel-only loss the connection is still open; closing it keeps one recovery path.
    model.close().catch(() => undefined);
    this.failed(err);
  }

  private failed(err: unknown): void {
    if (this.closed) return;
    this.failures++;
    const retryInMs = reconnectDelayMs(this.failures, this.options.backoff, this.options.random);
    const error = redactCredentials(errorText(err), this.options.url);
    this.setStatus('down', error);
    this.options.logger.warn(
      { destination: 'amqp', server: this.server(), error, failures: this.failures, retryInMs },
      'AMQP broker unavailable; will reconnect',
    );
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connectOnce();
    }, retryInMs);
    // Waiting to reconnect must not keep a finished CLI command or test process alive.
    this.retry.unref();
  }

  private onBlocked(reason: string | null): void {
    this.blocked = reason;
    const fields = { destination: 'amqp', server: this.server(), reason };
    if (reason) this.options.logger.warn(fields, 'AMQP broker blocked publishing (resource alarm)');
    else this.options.logger.info(fields, 'AMQP broker unblocked publishing');
  }

  private setStatus(status: AmqpStatus, error: string | undefined): void {
    if (status !== this.status) this.since = new Date();
    this.status = status;
    this.error = error;
  }

  private urlWithHeartbeat(): string {
    const url = new URL(this.options.url);
    url.searchParams.set('heartbeat', String(this.options.heartbeatSeconds));
    return url.toString();
  }

  /** `host:port vhost` for logs: never the userinfo. */
  private server(): string {
    try {
      const url = new URL(this.options.url);
      const port = url.port || (url.protocol === 'amqps:' ? 5671 : 5672);
      const vhost = url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : '/';
      return `${url.hostname}:${port} vhost ${vhost}`;
    } catch {
      return 'unparseable AMQP URL';
    }
  }
}
