import type { GlanceImage } from '../../sources/openstack/openstack.types.js';
import { entity, type GlueContext, present, stringProperty } from './glue-context.js';
import type { CloudComputingImage } from './glue-document.types.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `OtherInfo`: the JSON object in the Glance property `APPLIANCE_ATTRIBUTES`, preceded by
 * `base_mpuri` copied from its `ad:base_mpuri` (AppDB and cloud-info-api look for that name). A value
 * that is no JSON object is a problem; the image is published without it.
 */
function otherInfoOf(ctx: GlueContext, image: GlanceImage, id: string): Record<string, unknown> {
  if (!Object.hasOwn(image, 'APPLIANCE_ATTRIBUTES')) return {};
  const raw = image.APPLIANCE_ATTRIBUTES;
  let attributes: unknown;
  try {
    attributes = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch (error) {
    const message = `not valid JSON (${(error as Error).message}): published without OtherInfo`;
    ctx.problems.add({ objectType: 'image', id, field: 'APPLIANCE_ATTRIBUTES', message, skipped: false });
    return {};
  }
  if (!isPlainObject(attributes)) {
    const message = 'not a JSON object: published without OtherInfo';
    ctx.problems.add({ objectType: 'image', id, field: 'APPLIANCE_ATTRIBUTES', message, skipped: false });
    return {};
  }
  const base = Object.hasOwn(attributes, 'ad:base_mpuri') ? { base_mpuri: attributes['ad:base_mpuri'] } : {};
  return { ...base, ...attributes };
}

/**
 * Last resort for `MarketplaceURL`: the Glance URL joined with the image's `file` path. Unlike
 * v1.2.0's `urljoin`, a path prefix of the Glance URL is kept (openstack.md §3.1), so the link works.
 */
function glanceLink(image: GlanceImage, glanceUrl: string | undefined): string | undefined {
  const file = stringProperty(image, 'file');
  if (glanceUrl === undefined || file === undefined) return undefined;
  return glanceUrl.replace(/\/+$/, '') + (file.startsWith('/') ? file : `/${file}`);
}

/**
 * CloudComputingImage objects of one share (glue-cloud-info.md §2.7), one per active image, `ID` =
 * the Glance id (repeated in every share). `MarketplaceURL` from `vmcatcher_event_ad_mpuri`, else
 * `marketplace`, else the Glance file link; `OSPlatform`/`OSName`/`OSVersion` from `architecture`/
 * `os_distro`/`os_version`, `Description` from `vmcatcher_event_dc_description`, else
 * `vmcatcher_event_dc_title` (each else `UNKNOWN`); `AccessInfo` `none`.
 */
export function buildImages(
  ctx: GlueContext,
  shareId: string,
  images: readonly GlanceImage[],
  glanceUrl: string | undefined,
): CloudComputingImage[] {
  const built: CloudComputingImage[] = [];
  for (const image of images.filter((i) => i.status === 'active')) {
    const id = typeof image.id === 'string' ? image.id : '';
    if (id === '') {
      const message = 'image without id: not published';
      ctx.problems.add({ objectType: 'image', id: String(image.name), field: 'id', message, skipped: true });
      continue;
    }
    const associations = {
      Share: [shareId],
      CloudComputingEndpoint: [ctx.ids.endpoint],
      CloudComputingManager: [ctx.ids.manager],
    };
    const marketplaceUrl =
      stringProperty(image, 'vmcatcher_event_ad_mpuri') ??
      stringProperty(image, 'marketplace') ??
      glanceLink(image, glanceUrl);
    const description =
      stringProperty(image, 'vmcatcher_event_dc_description') ??
      stringProperty(image, 'vmcatcher_event_dc_title');
    built.push({
      ...entity(ctx, id, stringProperty(image, 'name'), otherInfoOf(ctx, image, id), associations),
      ...present({ MarketplaceURL: marketplaceUrl }),
      OSPlatform: stringProperty(image, 'architecture') ?? 'UNKNOWN',
      OSName: stringProperty(image, 'os_distro') ?? 'UNKNOWN',
      OSVersion: stringProperty(image, 'os_version') ?? 'UNKNOWN',
      Description: description ?? 'UNKNOWN',
      AccessInfo: 'none',
    });
  }
  return built;
}
