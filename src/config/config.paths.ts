/** One step of a key path: an object key or a list index. */
export type PathSegment = string | number;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * `openstack.sites[0].authUrl`. Keys that are not plain identifiers (routing keys such as
 * `accounting.cloud`) are quoted so that a path stays unambiguous when used as a map key.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    // Digit-only keys read as list indexes: that is what FEDWATCH_X__0__Y means to whoever wrote it.
    if (typeof segment === 'number' || /^\d+$/.test(String(segment))) out += `[${String(segment)}]`;
    else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

export function getAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current) && typeof segment !== 'symbol') current = current[String(segment)];
    else return undefined;
  }
  return current;
}

/** True when `path` is `prefix` itself or lies below it. */
export function isWithin(path: string, prefix: string): boolean {
  if (prefix === '') return true;
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/**
 * Where a value came from, by formatted path. Lookups fall back to the nearest ancestor so that
 * a missing key is attributed to the entry that lacks it.
 */
export class SourceMap {
  private readonly byPath = new Map<string, string>();

  set(path: string, source: string): void {
    this.byPath.set(path, source);
  }

  /** An override replaces the whole subtree, so older origins below it no longer apply. */
  replace(path: string, source: string): void {
    for (const key of [...this.byPath.keys()]) if (isWithin(key, path)) this.byPath.delete(key);
    this.byPath.set(path, source);
  }

  lookup(path: readonly PropertyKey[]): string | undefined {
    for (let n = path.length; n >= 0; n--) {
      const found = this.byPath.get(formatPath(path.slice(0, n)));
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
