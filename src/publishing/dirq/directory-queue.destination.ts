import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { DirectoryQueueConfig, MessageKind } from '../../config/config.types.js';
import {
  MessageDestination,
  type DestinationState,
  type OutgoingMessage,
  type PublishOutcome,
} from '../message-destination.port.js';
import { elementName } from './element-name.js';
import { placementFor } from './queue-layout.js';
import { errnoOf, syncDirectories, writeElement } from './queue-element.writer.js';

export interface DirectoryQueueOptions {
  clock?: () => Date;
  /** Uniform in [0, 1): picks the writer digit. */
  random?: () => number;
}

/**
 * The APEL SSM sender's outgoing queue (apel.md §9), so a site can keep the official `ssmsend`.
 * One directory per kind, `<path>/<kind>/`. SSM's `path` must point at that per-kind directory,
 * not at `<path>`, with `path_type` equal to `layout` — one ssmsend configuration per kind, which
 * each kind needs anyway for its own destination topic:
 *
 *     # /etc/apel/sender-cloud.cfg, run as `ssmsend -c /etc/apel/sender-cloud.cfg`
 *     [messaging]
 *     destination: eu-egi-cloud-accounting
 *     path: /var/spool/apel/outgoing/accounting.cloud
 *     path_type: dirq
 *
 * Bodies are written unsigned: the sender signs them. An element is acknowledged (`ok`) only once
 * its file and directory entry are fsynced. Publishing the same message twice yields two elements:
 * the queue has no notion of message ids, and the relay republishes only what was not acknowledged.
 * `<path>` itself must exist (it is the operator's spool directory); the rest is created on demand.
 */
export class DirectoryQueueDestination extends MessageDestination {
  readonly name = 'dirq';
  private readonly root: string;
  private readonly kinds: ReadonlySet<MessageKind>;
  private readonly clock: () => Date;
  /** QueueSimple's `rndhex`: fixed per writer so two writers in the same microsecond differ. */
  private readonly writerDigit: number;
  /** Last element time used, in epoch microseconds: names only increase, so SSM keeps our order. */
  private lastMicros = 0;
  private lastFailure: string | undefined;
  private current: DestinationState;

  constructor(
    private readonly config: DirectoryQueueConfig,
    options: DirectoryQueueOptions = {},
  ) {
    super();
    if (!config.path) {
      throw new FedwatchError(ErrorCode.CONFIG_INVALID, 'federation.directoryQueue.path is not set');
    }
    this.root = resolve(config.path);
    this.kinds = new Set(config.kinds);
    this.clock = options.clock ?? (() => new Date());
    this.writerDigit = Math.floor((options.random ?? Math.random)() * 16);
    this.current = { status: 'ready', since: this.clock() };
  }

  accepts(kind: MessageKind): boolean {
    return this.kinds.has(kind);
  }

  async publish(batch: readonly OutgoingMessage[]): Promise<PublishOutcome[]> {
    const outcomes: PublishOutcome[] = [];
    const pending: Array<{ index: number; dirs: Set<string> }> = [];
    for (const [index, message] of batch.entries()) {
      const { messageId } = message;
      if (!this.accepts(message.kind)) {
        const error = `kind ${message.kind} is not written to the directory queue`;
        outcomes.push({ messageId, ok: false, reason: 'unroutable', error });
        continue;
      }
      try {
        const placement = placementFor(this.config.layout, this.root, message.kind, this.clock());
        const nextName = (): string => this.nextElementName();
        const written = await writeElement(this.root, placement, Buffer.from(message.body, 'utf8'), nextName);
        outcomes.push({ messageId, ok: true });
        pending.push({ index, dirs: written.dirtyDirs });
      } catch (err) {
        outcomes.push(ioFailure(messageId, err));
      }
    }
    // One fsync per touched directory and batch, instead of one per message.
    const failedDirs = await syncDirectories(new Set(pending.flatMap((p) => [...p.dirs])));
    for (const { index, dirs } of pending) {
      const failed = [...dirs].find((dir) => failedDirs.has(dir));
      // The element exists but may not survive a crash: report it, accepting a possible duplicate.
      if (failed) outcomes[index] = ioFailure(batch[index].messageId, failedDirs.get(failed));
    }
    this.noteResult(outcomes);
    return outcomes;
  }

  state(): DestinationState {
    const error = this.probe() ?? this.lastFailure;
    const status = error ? 'down' : 'ready';
    if (status !== this.current.status || error !== this.current.error) {
      const since = status !== this.current.status ? this.clock() : this.current.since;
      this.current = error ? { status, error, since } : { status, since };
    }
    return { ...this.current };
  }

  async close(): Promise<void> {
    // Nothing held open between publishes.
  }

  /**
   * JavaScript clocks stop at milliseconds; several messages per millisecond get the following
   * microseconds, keeping names unique and in publish order (python-dirq's are ever increasing
   * for a given process too).
   */
  private nextElementName(): string {
    this.lastMicros = Math.max(this.clock().getTime() * 1000, this.lastMicros + 1);
    return elementName(this.lastMicros, this.writerDigit);
  }

  private noteResult(outcomes: PublishOutcome[]): void {
    const io = outcomes.find((o) => !o.ok && o.reason === 'io');
    if (io && !io.ok) this.lastFailure = io.error;
    else if (outcomes.some((o) => o.ok)) this.lastFailure = undefined;
  }

  /** Cheap synchronous check for health: the operator's directory exists and is writable. */
  private probe(): string | undefined {
    try {
      if (!statSync(this.root).isDirectory()) return `ENOTDIR: '${this.root}' is not a directory`;
      accessSync(this.root, constants.W_OK | constants.X_OK);
      return undefined;
    } catch (err) {
      return describeError(err);
    }
  }
}

const describeError = (err: unknown): string => {
  const message = err instanceof Error ? err.message : String(err);
  const code = errnoOf(err);
  // Node's messages start with the errno already ("ENOSPC: no space left on device, write").
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
};

const ioFailure = (messageId: string, err: unknown): PublishOutcome => ({
  messageId,
  ok: false,
  reason: 'io',
  error: describeError(err),
});
