import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.token.js';
import type { FederationConfig } from '../config/config.types.js';
import { JobRegistry } from '../scheduler/job-registry.service.js';
import type { JobContext, JobResult } from '../scheduler/job.types.js';
import { queryCount, type SqlRunner } from './outbox-sql.js';

/** Messages per DELETE: short statements, so pruning never holds long locks on the relay's rows. */
const BATCH = 2_000;

// "Published to every destination, the last of them more than retentionDays ago". A message with no
// delivery (no destination accepted it) qualifies too: it had nowhere to go, and its records stay
// for a republish. Deliveries go with their message (ON DELETE CASCADE); nothing else is touched.
const PRUNE = `
  DELETE FROM outbox_message WHERE id IN (
    SELECT m.id FROM outbox_message m
     WHERE m.created_at < now() - make_interval(days => $1::int)
       AND NOT EXISTS (
         SELECT 1 FROM outbox_delivery d
          WHERE d.outbox_message_id = m.id
            AND (d.state <> 'published' OR d.published_at >= now() - make_interval(days => $1::int)))
     ORDER BY m.created_at
     LIMIT $2)`;

/** The scheduled `outboxPrune` job: retention of the outbox (default daily at 03:00). */
@Injectable()
export class OutboxPruneJob implements OnModuleInit {
  private readonly db: SqlRunner;

  constructor(
    @Inject(JobRegistry) private readonly jobs: JobRegistry,
    @Inject(DataSource) dataSource: SqlRunner,
    @Inject(APP_CONFIG) private readonly config: { federation: Pick<FederationConfig, 'outbox'> },
  ) {
    this.db = dataSource;
  }

  onModuleInit(): void {
    this.jobs.register({
      id: 'outboxPrune',
      description: 'Delete outbox messages published to every destination more than retentionDays ago.',
      defaultSchedule: { cron: '0 3 * * *', timeoutMs: 600_000 },
      handler: (ctx) => this.prune(ctx),
    });
  }

  async prune(ctx: Pick<JobContext, 'signal'>): Promise<JobResult> {
    const retentionDays = this.config.federation.outbox.retentionDays;
    let deleted = 0;
    for (;;) {
      if (ctx.signal.aborted) break;
      const n = await queryCount(this.db, PRUNE, [retentionDays, BATCH]);
      deleted += n;
      if (n < BATCH) break;
    }
    return { status: 'succeeded', details: { deleted, retentionDays } };
  }
}
