import { Logger } from '@nestjs/common';
import pg, { type ClientConfig } from 'pg';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { advisoryLockKey } from './advisory-lock.key.js';
import { JobLock, type JobLockHandle } from './job-lock.port.js';

export interface PgAdvisoryJobLockOptions {
  /** First reconnect delay after the lock connection fails; doubles up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Held {
  client: pg.Client;
  lost: AbortController;
}

/**
 * Session-level `pg_try_advisory_lock` on ONE dedicated `pg.Client`, not a pooled connection: a
 * session lock lives as long as its connection, so on a pool it could leak to whichever request
 * gets that connection next, or be released by someone else's `pg_advisory_unlock`. When the
 * connection dies the server releases our locks, so another replica may start the job at once:
 * every held lock is reported lost (its handle's `lost` aborts) and we reconnect with backoff.
 */
export class PgAdvisoryJobLock extends JobLock {
  private readonly log = new Logger('JobLock');
  private readonly held = new Map<string, Held>();
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly options: PgAdvisoryJobLockOptions = {},
  ) {
    super();
  }

  async tryAcquire(jobId: string): Promise<JobLockHandle | null> {
    if (this.closed) throw new FedwatchError(ErrorCode.SHUTTING_DOWN, 'job lock is closed');
    // Advisory locks are re-entrant within a session; we must not be, or two in-process runs would share.
    if (this.held.has(jobId)) return null;
    const client = await this.connection();
    if (this.held.has(jobId)) return null;
    const key = advisoryLockKey(jobId);
    // Reserved before the query so a connection loss during it marks this attempt lost too.
    const entry: Held = { client, lost: new AbortController() };
    this.held.set(jobId, entry);
    try {
      const res = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [key],
      );
      if (res.rows[0]?.locked) return this.handle(jobId, key, entry);
      this.held.delete(jobId);
      return null;
    } catch (err) {
      if (this.held.get(jobId) === entry) this.held.delete(jobId);
      throw FedwatchError.from(err, ErrorCode.DATABASE_UNAVAILABLE);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.held.clear();
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    // Ending the session releases every advisory lock it still holds.
    await client?.end().catch(() => undefined);
  }

  private handle(jobId: string, key: string, entry: Held): JobLockHandle {
    let released = false;
    return {
      jobId,
      lost: entry.lost.signal,
      release: async () => {
        if (released || this.held.get(jobId) !== entry) return;
        released = true;
        this.held.delete(jobId);
        if (this.client !== entry.client) return;
        try {
          await entry.client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        } catch (err) {
          // A lock we cannot unlock would block the job on every replica: drop the session instead.
          this.onConnectionLost(entry.client, err as Error);
        }
      },
    };
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    if (!this.connecting) {
      if (this.retryTimer) {
        throw new FedwatchError(ErrorCode.DATABASE_UNAVAILABLE, 'job lock connection is down; reconnecting');
      }
      this.connecting = this.connect();
    }
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    // Named apart from the pool's connections so operators can spot the lock holder in pg_stat_activity.
    const application_name = `${this.config.application_name ?? 'fedwatch'}:job-lock`;
    const client = new pg.Client({ keepAlive: true, ...this.config, application_name });
    // Without an 'error' listener a dropped connection would crash the process.
    client.on('error', (err) => this.onConnectionLost(client, err));
    client.on('end', () => this.onConnectionLost(client, new Error('connection ended')));
    try {
      await client.connect();
      if (this.closed) throw new FedwatchError(ErrorCode.SHUTTING_DOWN, 'job lock is closed');
      this.client = client;
      if (this.failures > 0) this.log.log('job lock connection re-established');
      this.failures = 0;
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (!this.closed) {
        this.failures++;
        this.log.warn(`job lock connection failed: ${(err as Error).message}`);
        this.scheduleReconnect();
      }
      throw FedwatchError.from(err, ErrorCode.DATABASE_UNAVAILABLE);
    } finally {
      this.connecting = null;
    }
  }

  private onConnectionLost(client: pg.Client, err: Error): void {
    if (client !== this.client) return;
    this.client = null;
    const reason = new FedwatchError(ErrorCode.DATABASE_UNAVAILABLE, `job lock lost: ${err.message}`);
    const lost = [...this.held].filter(([, h]) => h.client === client).map(([jobId]) => jobId);
    for (const jobId of lost) {
      this.held.get(jobId)?.lost.abort(reason);
      this.held.delete(jobId);
    }
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.log.warn(
      `job lock connection lost (${err.message}); locks treated as lost: [${lost.join(', ')}]; reconnecting`,
    );
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    const initial = this.options.initialBackoffMs ?? 500;
    const delay = Math.min(
      initial * 2 ** Math.max(0, this.failures - 1),
      this.options.maxBackoffMs ?? 30_000,
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      // Failures are logged and rescheduled by connect() itself.
      this.connecting ??= this.connect();
      this.connecting.catch(() => undefined);
    }, delay);
    // Reconnecting must not keep an otherwise finished process alive.
    this.retryTimer.unref();
  }
}
