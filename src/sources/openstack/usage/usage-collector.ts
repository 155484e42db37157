import type { OpenStackSite } from '../../../config/config.types.js';
import { OpenStackClientFactory, type SiteClients } from '../openstack-client.factory.js';
import { forEachBounded } from './bounded.js';
import type { CollectSiteOptions, CollectWindow, ProjectOutcome, SiteCollection } from './collect.types.js';
import { collectProject } from './project-collector.js';
import { planProjects, siteError } from './project-plan.js';
import { RunCache } from './run-cache.js';

const DEFAULT_PROJECT_CONCURRENCY = 4;

/**
 * Reads everything the accounting builders need from one OpenStack site for a window
 * (`ProjectUsageData` per project). Each project succeeds or fails on its own; only a site that
 * cannot be read at all (Keystone unreachable, the site credential rejected) gives a site error.
 */
export class OpenStackUsageCollector {
  constructor(private readonly clients: OpenStackClientFactory) {}

  async collectSite(
    site: OpenStackSite,
    window: CollectWindow,
    options: CollectSiteOptions = {},
  ): Promise<SiteCollection> {
    let clients: SiteClients;
    try {
      clients = this.clients.forSite(site);
    } catch (err) {
      return { site: site.name, error: siteError(site, err), projects: [] };
    }
    const plan = await planProjects(site, clients, options.projects);
    if ('error' in plan) return { site: site.name, error: plan.error, projects: [] };

    const windowOf = (projectId: string) => (options.windowFor ? options.windowFor(projectId) : window);
    const work = plan.targets.flatMap((target) => {
      const own = windowOf(target.project.id);
      return own ? [{ target, window: own }] : [];
    });
    const failures = plan.failures.filter((f) => windowOf(f.projectId) !== null);

    const naive = options.naive === true;
    const outcomes: ProjectOutcome[] = [];
    const total = work.length + failures.length;
    const record = (outcome: ProjectOutcome): void => {
      outcomes.push(outcome);
      const progress = {
        site: site.name,
        projectId: outcome.projectId,
        ok: outcome.ok,
        done: outcomes.length,
        total,
      };
      try {
        options.onProgress?.(progress);
      } catch {
        // A broken progress display must not abort the collection of the other projects.
      }
    };
    for (const failure of failures) {
      record(failure);
      await options.onProject?.(failure);
    }

    const ctx = { run: new RunCache(naive ? { pageSize: 200 } : {}), naive };
    const concurrency = naive ? 1 : (options.concurrency ?? DEFAULT_PROJECT_CONCURRENCY);
    await forEachBounded(work, concurrency, async (item) => {
      const outcome = await collectProject(item.target, item.window, ctx);
      record(outcome);
      // Handed over as soon as it is read, so the caller can store it at once: one slow project
      // then delays nobody else's commit, and only a few projects' data sit in memory at a time.
      await options.onProject?.(outcome);
    });
    return { site: site.name, error: null, projects: outcomes };
  }
}
