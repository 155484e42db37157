/** `flavors`, `flavors/detail`, `flavors/{id}` and `flavors/{id}/os-extra_specs`. */
import { json, novaFault, pageAfter, parseLimit, withMarker, type Ctx, type Reply } from './http.js';
import type { Json, SimFlavor } from './model.js';
import type { NovaView } from './nova.render.js';

const MAX_LIMIT = 1000;

function links(ctx: Ctx, id: string) {
  return [
    { rel: 'self', href: `${ctx.origin}/compute/v2.1/flavors/${id}` },
    { rel: 'bookmark', href: `${ctx.origin}/compute/flavors/${id}` },
  ];
}

/** Full view at the microversion: `description` from 2.55, `extra_specs` from 2.61 (if allowed). */
function detailView(ctx: Ctx, f: SimFlavor, view: NovaView): Json {
  const { description, extra_specs, ...rest } = f.api;
  const out: Json = { ...rest, links: links(ctx, f.id) };
  if (view.minor >= 55) out.description = description;
  if (view.minor >= 61 && view.specs) out.extra_specs = extra_specs;
  return out;
}

/** Admins choose with `is_public` (absent: public only; `None`: all); others see public ones. */
function visible(ctx: Ctx, view: NovaView): SimFlavor[] {
  const isPublic = ctx.query.get('is_public')?.toLowerCase();
  const flavors = ctx.state.data.flavors.filter((f) => !f.deleted);
  const pub = (f: SimFlavor) => f.api['os-flavor-access:is_public'] === true;
  const sorted = flavors.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!view.admin) return sorted.filter(pub);
  if (isPublic === 'none') return sorted;
  if (isPublic === 'false' || isPublic === '0') return sorted.filter((f) => !pub(f));
  return sorted.filter(pub);
}

export function listFlavors(detail: boolean) {
  return (ctx: Ctx, _params: string[], view: NovaView): Reply => {
    const limit = parseLimit(ctx.query.get('limit'), MAX_LIMIT);
    if (limit === null)
      return novaFault(400, `Invalid input for query parameters limit. Value: ${ctx.query.get('limit')}.`);
    const marker = ctx.query.get('marker');
    const page = pageAfter(visible(ctx, view), marker, limit);
    if (!page) return novaFault(400, `marker [${marker}] not found`);
    const flavors = page.map((f) =>
      detail
        ? detailView(ctx, f, view)
        : {
            id: f.id,
            name: f.api.name,
            links: links(ctx, f.id),
            ...(view.minor >= 55 ? { description: null } : {}),
          },
    );
    const last = page[page.length - 1];
    const path = detail ? 'flavors/detail' : 'flavors';
    const next =
      last && page.length === limit
        ? {
            flavors_links: [
              { rel: 'next', href: `${ctx.origin}/compute/v2.1/${path}?${withMarker(ctx.query, last.id)}` },
            ],
          }
        : {};
    return json(200, { flavors, ...next });
  };
}

function find(ctx: Ctx, id: string): SimFlavor | Reply {
  const flavor = ctx.state.index.flavors.get(id);
  if (!flavor || flavor.deleted) return novaFault(404, `Flavor ${id} could not be found.`);
  return flavor;
}

export function showFlavor(ctx: Ctx, [id]: string[], view: NovaView): Reply {
  const flavor = find(ctx, id!);
  return 'status' in flavor ? flavor : json(200, { flavor: detailView(ctx, flavor, view) });
}

export function flavorExtraSpecs(ctx: Ctx, [id]: string[], view: NovaView): Reply {
  if (!view.specs)
    return novaFault(403, "Policy doesn't allow os_compute_api:os-flavor-extra-specs:index to be performed.");
  const flavor = find(ctx, id!);
  return 'status' in flavor ? flavor : json(200, { extra_specs: flavor.api.extra_specs });
}
