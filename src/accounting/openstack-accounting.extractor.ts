import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { packageVersion } from '../common/package-info.js';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig, OpenStackSite } from '../config/config.types.js';
import { OutboxWriter } from '../publishing/outbox.port.js';
import type { ProjectOutcome as CollectedProject } from '../sources/openstack/usage/collect.types.js';
import { OpenStackUsageCollector } from '../sources/openstack/usage/usage-collector.js';
import { AccountingMetrics } from './accounting.metrics.js';
import { AccountingStore } from './accounting.store.js';
import type { Window } from './accounting.types.js';
import {
  AccountingExtractor,
  type ExtractionProgress,
  type ExtractionRequest,
  type ExtractionSummary,
  type ProjectOutcome,
} from './extraction.types.js';
import { buildProjectWindow } from './project-window.js';
import { planWindows } from './watermark-windows.js';

/** Catch-up rounds per run: with 1-day windows, a scheduled run closes gaps of up to 60 days. */
const MAX_CATCH_UP_ROUNDS = 60;

/**
 * Extraction from OpenStack. Each project's window is stored in ONE transaction: its records,
 * the messages that carry them (outbox) and, for scheduled runs, its new watermark. A failure
 * rolls all three back, so the next run retries the same window; nothing is half-stored.
 */
@Injectable()
export class OpenStackAccountingExtractor extends AccountingExtractor {
  private readonly logger = new Logger('Accounting');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OpenStackUsageCollector) private readonly collector: OpenStackUsageCollector,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    private readonly store: AccountingStore,
    private readonly metrics: AccountingMetrics,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  async extract(
    request: ExtractionRequest,
    onProgress: (p: ExtractionProgress) => void,
  ): Promise<ExtractionSummary> {
    const sites = this.config.openstack.sites.filter((s) => !request.site || s.name === request.site);
    if (request.site && sites.length === 0) {
      throw new FedwatchError(ErrorCode.NOT_FOUND, `no OpenStack site named ${request.site} is configured`);
    }
    const summary: ExtractionSummary = { projects: [], siteErrors: [] };
    const progress: ExtractionProgress = {
      projectsTotal: 0,
      projectsDone: 0,
      projectsFailed: 0,
      records: 0,
      messages: 0,
    };
    for (const site of sites) {
      const stop = this.metrics.extractionDuration.startTimer({ site: site.siteName || site.name });
      try {
        if (request.window) await this.manual(site, request, request.window, summary, progress, onProgress);
        else await this.scheduled(site, request, summary, progress, onProgress);
      } finally {
        stop();
      }
    }
    return summary;
  }

  /** A past window: stored and published, but the watermark is never moved. */
  private async manual(
    site: OpenStackSite,
    request: ExtractionRequest,
    window: Window,
    summary: ExtractionSummary,
    progress: ExtractionProgress,
    onProgress: (p: ExtractionProgress) => void,
  ): Promise<void> {
    const projects = request.projectId ? [request.projectId] : undefined;
    const totalBefore = progress.projectsTotal;
    // Each project is stored as soon as it is read (see onProject), not after the whole site.
    const collection = await this.collector.collectSite(site, window, {
      projects,
      onProgress: (p) => (progress.projectsTotal = totalBefore + p.total),
      onProject: async (project) => {
        const outcome = await this.storeProject(site, project, window, {
          advance: false,
          republish: request.republish,
        });
        summary.projects.push(outcome);
        this.count(progress, outcome);
        onProgress({ ...progress });
      },
    });
    if (collection.error) summary.siteErrors.push({ site: site.name, error: collection.error.message });
  }

  /** Every project from its watermark, in bounded windows, until caught up with now. */
  private async scheduled(
    site: OpenStackSite,
    request: ExtractionRequest,
    summary: ExtractionSummary,
    progress: ExtractionProgress,
    onProgress: (p: ExtractionProgress) => void,
  ): Promise<void> {
    // Whole seconds, as window ends are: a caught-up project's window ends exactly at `now`, so no
    // extra round is started (which re-read Keystone and could fail a run that had completed).
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const marks = new Map((await this.store.watermarksOf(site.name)).map((w) => [w.projectId, w.watermark]));
    const failed = new Set<string>();
    for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
      const plan = planWindows(marks, now, this.config.accounting, failed);
      let behind = false;
      const totalBefore = progress.projectsTotal;
      const collection = await this.collector.collectSite(site, plan.defaultWindow, {
        projects: request.projectId ? [request.projectId] : undefined,
        windowFor: plan.windowFor,
        onProgress: (p) => {
          if (round === 0) progress.projectsTotal = totalBefore + p.total;
        },
        // Stored (records, messages, watermark) as soon as read: a stalled project holds up no other.
        onProject: async (project) => {
          const window = plan.windowFor(project.projectId);
          if (!window) return;
          const outcome = await this.storeProject(site, project, window, {
            advance: true,
            republish: request.republish,
          });
          if (outcome.error) failed.add(project.projectId);
          else marks.set(project.projectId, window.to);
          if (!outcome.error && window.to < now) behind = true;
          mergeOutcome(summary, outcome);
          if (round === 0) this.count(progress, outcome);
          else progress.records += sumCounts(outcome);
          onProgress({ ...progress });
        },
      });
      if (collection.error) {
        summary.siteErrors.push({ site: site.name, error: collection.error.message });
        return;
      }
      if (!behind) return;
    }
  }

  private async storeProject(
    site: OpenStackSite,
    project: CollectedProject,
    window: Window,
    opts: { advance: boolean; republish: boolean },
  ): Promise<ProjectOutcome> {
    const base: ProjectOutcome = {
      site: site.name,
      projectId: project.projectId,
      vo: project.ok ? project.vo : null,
      window,
      records: {},
      messages: 0,
      duplicateMessages: 0,
      problems: [],
      error: null,
    };
    // A manual window must not start a watermark for a project that has none.
    const initialWatermark = opts.advance ? window.from : null;
    if (!project.ok) {
      await this.failProject(site, project.projectId, project.error.message, initialWatermark);
      return { ...base, error: project.error.message };
    }
    const built = buildProjectWindow({
      data: project.data,
      window,
      site: {
        name: site.name,
        siteName: site.siteName,
        cloudComputeService: this.config.accounting.cloudComputeService,
      },
      vo: project.vo,
      version: packageVersion,
      accounting: this.config.accounting,
    });
    const problems = [
      ...project.warnings.map((w) => `${w.code}: ${w.message}`),
      ...built.problems.map((p) => `${p.objectType} ${p.id}: ${p.field}: ${p.message}`),
    ];
    try {
      const enqueued = await this.dataSource.transaction(async (manager) => {
        await this.store.upsertRecords(manager, built.records, window);
        const result = await this.outbox.enqueue(manager, built.messages, { republish: opts.republish });
        if (opts.advance)
          await this.store.advanceWatermark(manager, site.name, project.projectId, project.vo, window.to);
        return result;
      });
      for (const [type, n] of Object.entries(built.counts)) {
        this.metrics.records.inc({ type, site: site.siteName, vo: project.vo }, n ?? 0);
      }
      if (problems.length)
        this.logger.warn({ site: site.name, project: project.projectId, problems }, 'records skipped');
      return {
        ...base,
        records: built.counts,
        // Queued by this run: new bodies and, with republish, identical ones queued again.
        messages: built.messages.length - enqueued.duplicates,
        duplicateMessages: enqueued.duplicates,
        problems,
      };
    } catch (err) {
      const message = `storing the window failed: ${(err as Error).message}`;
      await this.failProject(site, project.projectId, message, initialWatermark);
      return { ...base, problems, error: message };
    }
  }

  private async failProject(
    site: OpenStackSite,
    projectId: string,
    error: string,
    initialWatermark: Date | null,
  ): Promise<void> {
    this.logger.error(
      { site: site.name, project: projectId, error },
      'project window failed; it is retried next run',
    );
    await this.store.recordFailure(site.name, projectId, error, initialWatermark).catch(() => undefined);
  }

  private count(progress: ExtractionProgress, outcome: ProjectOutcome): void {
    progress.projectsDone++;
    if (outcome.error) progress.projectsFailed++;
    progress.records += sumCounts(outcome);
    progress.messages += outcome.messages;
  }
}

function sumCounts(outcome: ProjectOutcome): number {
  return Object.values(outcome.records).reduce((s, n) => s + (n ?? 0), 0);
}

/** Catch-up rounds of one project collapse into one summary line with the whole span. */
function mergeOutcome(summary: ExtractionSummary, outcome: ProjectOutcome): void {
  const previous = summary.projects.find((p) => p.site === outcome.site && p.projectId === outcome.projectId);
  if (!previous) {
    summary.projects.push(outcome);
    return;
  }
  previous.window =
    previous.window && outcome.window
      ? { from: previous.window.from, to: outcome.window.to }
      : outcome.window;
  for (const [type, n] of Object.entries(outcome.records)) {
    const key = type as keyof ProjectOutcome['records'];
    previous.records[key] = (previous.records[key] ?? 0) + (n ?? 0);
  }
  previous.messages += outcome.messages;
  previous.duplicateMessages += outcome.duplicateMessages;
  previous.problems.push(...outcome.problems);
  previous.error = outcome.error;
}
