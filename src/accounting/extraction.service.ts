import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { ExtractionRunStore } from './extraction-run.store.js';
import {
  AccountingExtractor,
  type ExtractionProgress,
  type ExtractionRequest,
  type ExtractionState,
  type ExtractionSummary,
  type ExtractionView,
} from './extraction.types.js';

/** Progress is written at most this often: a big extraction must not spend its time on status rows. */
const PROGRESS_WRITE_MS = 1000;

/**
 * Runs extractions one at a time in this process (scheduled and manual alike), so two runs never
 * race for the same project's watermark here; across replicas the scheduled job's lock does that.
 */
@Injectable()
export class ExtractionService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Accounting');
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runs: ExtractionRunStore,
    @Inject(AccountingExtractor) private readonly extractor: AccountingExtractor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const interrupted = await this.runs.failInterrupted();
    if (interrupted)
      this.logger.warn({ interrupted }, 'marked extractions left unfinished by a previous process as failed');
  }

  /** Queues an extraction and returns its id at once; follow it with `get(id)`. */
  async start(request: ExtractionRequest): Promise<{ id: string; done: Promise<ExtractionView> }> {
    if (request.window && request.window.from >= request.window.to) {
      throw new FedwatchError(ErrorCode.INVALID_ARGUMENT, 'the window must start before it ends (from < to)');
    }
    const id = randomUUID();
    await this.runs.create(id, request);
    const done = this.queue.then(() => this.execute(id, request));
    // One failed run (its state could not be written) must not reject every run queued after it,
    // nor, when the caller ignores `done`, become an unhandled rejection that ends the process.
    this.queue = done.catch(() => undefined);
    return { id, done };
  }

  async get(id: string): Promise<ExtractionView> {
    const view = await this.runs.get(id);
    if (!view) throw new FedwatchError(ErrorCode.NOT_FOUND, `no extraction ${id}`);
    return view;
  }

  recent(limit = 20): Promise<ExtractionView[]> {
    return this.runs.recent(limit);
  }

  private async execute(id: string, request: ExtractionRequest): Promise<ExtractionView> {
    await this.runs.markRunning(id);
    let progress: ExtractionProgress = {
      projectsTotal: 0,
      projectsDone: 0,
      projectsFailed: 0,
      records: 0,
      messages: 0,
    };
    let lastWrite = 0;
    const onProgress = (p: ExtractionProgress) => {
      progress = p;
      const now = Date.now();
      if (now - lastWrite < PROGRESS_WRITE_MS) return;
      lastWrite = now;
      void this.runs.saveProgress(id, p).catch(() => undefined);
    };
    try {
      const summary = await this.extractor.extract(request, onProgress);
      const state = stateOf(summary);
      await this.runs.finish(id, state, progress, summary, null);
      this.logger.log({ extraction: id, state, ...progress }, 'extraction finished');
    } catch (err) {
      const message = (err as Error).message;
      await this.runs.finish(id, 'failed', progress, null, message);
      this.logger.error({ extraction: id, err: message }, 'extraction failed');
    }
    return this.get(id);
  }
}

function stateOf(summary: ExtractionSummary): ExtractionState {
  const failed = summary.projects.filter((p) => p.error).length + summary.siteErrors.length;
  if (failed === 0) return 'succeeded';
  return failed < summary.projects.length + summary.siteErrors.length ? 'partial' : 'failed';
}
