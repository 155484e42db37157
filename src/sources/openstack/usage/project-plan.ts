import { ErrorCode, FedwatchError } from '../../../common/errors/index.js';
import type { OpenStackSite, OpenStackVo } from '../../../config/config.types.js';
import type { SiteClients } from '../openstack-client.factory.js';
import type { OpenStackClient, ProjectSelection } from '../openstack-client.port.js';
import type { KeystoneProject } from '../openstack.types.js';
import type { ProjectOutcome } from './collect.types.js';
import type { ProjectTarget } from './project-collector.js';
import { resolveVo } from './project-vo.js';

export type ProjectPlan = { error: FedwatchError } | { targets: ProjectTarget[]; failures: ProjectOutcome[] };

/** The site-level error: the cause's code and message, prefixed with the site. */
export function siteError(site: OpenStackSite, err: unknown): FedwatchError {
  const cause = FedwatchError.from(err);
  return new FedwatchError(
    cause.code,
    `OpenStack site ${site.name}: ${cause.message}`,
    { ...cause.details, site: site.name },
    { cause },
  );
}

const failure = (projectId: string, code: ErrorCode, message: string): ProjectOutcome => ({
  ok: false,
  projectId,
  error: new FedwatchError(code, message, { projectId }),
});

/**
 * Which projects a run reads, each with its client and VO. The site credential (if any) selects
 * projects by ids, tag or all; each `vos[]` entry adds its project, read with its own credential.
 * Keystone unreachable or the site credential rejected → one site error; everything else is
 * per project (a VO credential rejected, a project without a VO, an unknown id).
 */
export async function planProjects(
  site: OpenStackSite,
  clients: SiteClients,
  only?: readonly string[],
): Promise<ProjectPlan> {
  const wanted = (id: string) => !only || only.includes(id);
  const failures: ProjectOutcome[] = [];
  const projects = new Map<string, KeystoneProject>();

  if (clients.site) {
    try {
      await clients.site.scope();
      const listing = await clients.site.listProjects(selectionOf(site, only));
      for (const m of listing.malformed.filter((m) => wanted(m.id))) {
        failures.push(
          failure(
            m.id,
            ErrorCode.SOURCE_MALFORMED,
            `Keystone project ${m.id} is malformed: ${m.field}: ${m.problem}`,
          ),
        );
      }
      for (const p of listing.items.filter((p) => wanted(p.id))) projects.set(p.id, p);
    } catch (err) {
      return { error: siteError(site, err) };
    }
  }

  const vos = clients.vos.filter(({ vo }) => wanted(vo.project));
  const voReads = await Promise.all(
    vos.map(({ vo, client }) => readVoProject(vo, client, projects.get(vo.project))),
  );
  const voFailures = voReads.flatMap((r) => ('error' in r ? [r] : []));
  if (!clients.site && vos.length > 0 && voFailures.length === vos.length) {
    const codes = new Set(voFailures.map((f) => f.error.code));
    if (codes.size === 1) return { error: siteError(site, voFailures[0].error) };
  }
  for (const r of voFailures) failures.push({ ok: false, projectId: r.projectId, error: r.error });

  const voByProject = new Map<string, { vo: OpenStackVo; client: OpenStackClient }>();
  vos.forEach((entry, i) => {
    const read = voReads[i];
    if ('project' in read) {
      projects.set(read.project.id, read.project);
      voByProject.set(read.project.id, entry);
    }
  });

  const targets: ProjectTarget[] = [];
  for (const project of projects.values()) {
    const entry = voByProject.get(project.id);
    const client = entry?.client ?? clients.site;
    if (!client) continue;
    const vo = resolveVo(project, site, entry?.vo.name);
    if (vo === null) {
      failures.push(
        failure(
          project.id,
          ErrorCode.CONFIG_INVALID,
          `project ${project.id} (${project.name}) has no VO: set its Keystone property ${site.voProperty} ` +
            `or map it in openstack.sites[${site.name}].voMap`,
        ),
      );
      continue;
    }
    targets.push({ project, vo, client, userClient: clients.site ?? client });
  }

  const planned = new Set([...projects.keys(), ...failures.map((f) => f.projectId)]);
  const selected = site.projects.select === 'ids' ? site.projects.ids : [];
  for (const id of [...(only ?? []), ...selected.filter(wanted)]) {
    if (planned.has(id)) continue;
    planned.add(id);
    failures.push(
      failure(
        id,
        ErrorCode.NOT_FOUND,
        `project ${id} is not among the projects readable and selected at OpenStack site ${site.name}`,
      ),
    );
  }
  return { targets, failures };
}

function selectionOf(site: OpenStackSite, only?: readonly string[]): ProjectSelection {
  const { select, ids, tag } = site.projects;
  if (select === 'ids') return { select, ids: only ? ids.filter((id) => only.includes(id)) : ids };
  return select === 'tag' ? { select, tag } : { select };
}

type VoRead = { project: KeystoneProject } | { projectId: string; error: FedwatchError };

/** Authenticates a VO's credential, checks it is bound to the VO's project, and reads the project. */
async function readVoProject(
  vo: OpenStackVo,
  client: OpenStackClient,
  known?: KeystoneProject,
): Promise<VoRead> {
  try {
    const scope = await client.scope();
    if (scope.kind === 'project' && scope.projectId !== vo.project) {
      return {
        projectId: vo.project,
        error: new FedwatchError(
          ErrorCode.CONFIG_INVALID,
          `the credential of VO ${vo.name} is bound to project ${scope.projectId}, not to the configured project ${vo.project}`,
          { projectId: vo.project, vo: vo.name },
        ),
      };
    }
    if (known) return { project: known };
    const listing = await client.listProjects({ select: 'ids', ids: [vo.project] });
    // A token may be unable to read its own project's record: the VO entry still names it.
    return {
      project: listing.items[0] ?? { id: vo.project, name: vo.project, domain_id: '', enabled: true },
    };
  } catch (err) {
    return { projectId: vo.project, error: FedwatchError.from(err) };
  }
}
