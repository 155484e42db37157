import type { Command } from 'commander';
import type {
  OutboxMessagePage,
  OutboxMessageSummary,
  OutboxMessageView,
  OutboxRetryResult,
  OutboxStatus,
  OutboxStatusRow,
} from '../../publishing/outbox-view.js';
import { formatTable } from '../output/table-writer.js';
import { render, type Column } from '../output/render.js';
import { remote } from './remote-context.js';

/** The REST model as JSON delivers it: dates are strings. */
type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

type StatusRow = Json<OutboxStatusRow> | { kind: string; destination: string; note: string };

export function registerOutbox(program: Command): void {
  const outbox = program
    .command('outbox')
    .description('the publishing outbox: what waits to be published, and why');
  outbox
    .command('status')
    .description('counts per kind and destination, oldest pending message, last errors')
    .action(
      remote(async ({ client, output, quiet }) => {
        const status = await client.get<Json<OutboxStatus>>('/api/v1/outbox');
        if (output !== 'table' && !quiet) return void process.stdout.write(render(output, status, []));
        const id = (r: StatusRow) => `${r.kind}/${r.destination}`;
        process.stdout.write(render(output, statusRows(status), STATUS_COLUMNS, { quiet, id }));
        const notes = statusNotes(status);
        if (!quiet && notes.length > 0) process.stdout.write(`\n${notes.join('')}`);
      }),
    );
  outbox
    .command('ls')
    .alias('list')
    .description('messages newest first (no bodies)')
    .option('--kind <kind>', 'only this kind, e.g. accounting.cloud')
    .option('--state <state>', 'pending, failing, published or no-destination')
    .option('--limit <n>', 'at most this many (1–500, default 50)')
    .option('--cursor <cursor>', 'the page after this cursor (printed at the end of a full page)')
    .action(
      remote(async ({ client, output, quiet }, opts: Record<string, string | undefined>) => {
        const query = new URLSearchParams();
        for (const key of ['kind', 'state', 'limit', 'cursor']) if (opts[key]) query.set(key, opts[key]);
        const page = await client.get<Json<OutboxMessagePage>>(`/api/v1/outbox/messages?${query}`);
        if (output !== 'table' && !quiet) return void process.stdout.write(render(output, page, []));
        process.stdout.write(render(output, page.items, LIST_COLUMNS, { quiet }));
        if (!quiet && page.nextCursor) process.stdout.write(`\nmore: --cursor ${page.nextCursor}\n`);
      }),
    );
  outbox
    .command('show <id>')
    .description('one message (by message id or numeric id): deliveries and body')
    .action(
      remote(async ({ client, output, quiet }, id: string) => {
        const m = await client.get<Json<OutboxMessageView>>(`/api/v1/outbox/${encodeURIComponent(id)}`);
        if (output !== 'table' || quiet) {
          return void process.stdout.write(render(output, m, [], { quiet, id: (x) => x.messageId }));
        }
        process.stdout.write(showMessage(m));
      }),
    );
  outbox
    .command('retry')
    .description('make pending deliveries due now: one message with --id, else all (needs an admin token)')
    .option('--id <id>', 'message id or numeric id')
    .action(
      remote(async ({ client, output, quiet }, opts: { id?: string }) => {
        const result = await client.post<Json<OutboxRetryResult>>('/api/v1/outbox/retry', { id: opts.id });
        const columns: Column<typeof result>[] = [
          { header: 'RETRIED', value: (r) => String(r.retried) },
          { header: 'MESSAGE', value: (r) => r.messageId ?? 'all pending' },
        ];
        process.stdout.write(render(output, result, columns, { quiet, id: (r) => String(r.retried) }));
      }),
    );
}

const STATUS_COLUMNS: Column<StatusRow>[] = [
  { header: 'KIND', value: (r) => r.kind },
  { header: 'DESTINATION', value: (r) => r.destination },
  { header: 'PENDING', value: (r) => ('note' in r ? '-' : String(r.pending)) },
  { header: 'PUBLISHED', value: (r) => ('note' in r ? '-' : String(r.published)) },
  { header: 'FAILING', value: (r) => ('note' in r ? '-' : String(r.failing)) },
  { header: 'OLDEST', value: (r) => ('note' in r ? '-' : formatAge(r.oldestPendingAgeSeconds)) },
  { header: 'LAST ERROR', value: (r) => ('note' in r ? r.note : describeError(r)) },
];

/** One row per kind × destination, plus one per kind stored with no destination at all. */
export function statusRows(status: Json<OutboxStatus>): StatusRow[] {
  const stranded = status.kinds
    .filter((k) => k.withoutDestination > 0)
    .map((k) => ({
      kind: k.kind,
      destination: '-',
      note: `${k.withoutDestination} stored, no destination takes it`,
    }));
  return [...status.rows, ...stranded];
}

function describeError(r: Json<OutboxStatusRow>): string {
  if (!r.lastError) return '';
  const unroutable = r.unroutable > 0 ? ` (${r.unroutable} unroutable)` : '';
  return `${r.lastFailureReason ? `${r.lastFailureReason}: ` : ''}${r.lastError}${unroutable}`;
}

/** Lines under the table: what an operator should know beyond the counts. */
export function statusNotes(status: Json<OutboxStatus>): string[] {
  const notes: string[] = [];
  if (!status.destinations.some((d) => d.enabled)) {
    notes.push(
      'no destination is enabled: messages are kept, not published ' +
        '(set federation.amqp.url or federation.directoryQueue.path)',
    );
  }
  for (const d of status.destinations) {
    if (d.enabled && d.status !== 'connected' && d.status !== 'ready') {
      notes.push(
        `destination ${d.name} is ${d.status}${d.since ? ` since ${d.since}` : ''}: ${d.error ?? ''}`,
      );
    }
  }
  if (status.unroutable > 0) {
    notes.push(
      `unroutable: the broker returned ${status.unroutable} message(s) that no queue is bound for; ` +
        'bind one (federation.amqp.bindings) and run "fedwatch outbox retry"',
    );
  }
  return notes.map((n) => `${n}\n`);
}

const LIST_COLUMNS: Column<Json<OutboxMessageSummary>>[] = [
  { header: 'ID', value: (m) => String(m.id) },
  { header: 'MESSAGE ID', value: (m) => m.messageId.slice(0, 12) },
  { header: 'KIND', value: (m) => m.kind },
  { header: 'STATE', value: (m) => m.state },
  { header: 'RECORDS', value: (m) => String(m.recordCount) },
  { header: 'CREATED', value: (m) => m.createdAt },
  {
    header: 'DELIVERIES',
    value: (m) =>
      m.deliveries
        .map((d) => `${d.destination}:${d.state}${d.attempts > 1 ? `(${d.attempts})` : ''}`)
        .join(' '),
  },
];

function showMessage(m: Json<OutboxMessageView>): string {
  const head = formatTable([
    ['ID', 'MESSAGE ID', 'KIND', 'SITE', 'RECORDS', 'STATE', 'CREATED'],
    [String(m.id), m.messageId, m.kind, m.site, String(m.recordCount), m.state, m.createdAt],
  ]);
  const deliveries = formatTable([
    ['DESTINATION', 'STATE', 'ATTEMPTS', 'NEXT ATTEMPT', 'PUBLISHED', 'LAST ERROR'],
    ...m.deliveries.map((d) => [
      d.destination,
      d.state,
      String(d.attempts),
      d.nextAttemptAt ?? '',
      d.publishedAt ?? '',
      d.lastError ? `${d.lastFailureReason ?? ''}: ${d.lastError}` : '',
    ]),
  ]);
  const body = m.body.endsWith('\n') ? m.body : `${m.body}\n`;
  return `${head}\n${deliveries}\nBODY (${m.contentType})\n${body}`;
}

/** `45s`, `3m12s`, `2h5m`, `3d4h`; `-` when nothing is pending. */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return '-';
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600)}h`;
}
