import { GoObject, type GoValue } from './go-json.js';

/**
 * A v3 object as the CLI marshals it: decoded into the generated management client struct
 * (rancher/rancher `pkg/client/generated/management/v3`, `zz_generated_cluster.go` /
 * `zz_generated_node.go`) and encoded again. What that does to the JSON:
 *  - norman's `types.Resource` fields come first: `id`, `type` (omitempty), then `links` and
 *    `actions`, which have no omitempty and print `null` when absent;
 *  - the other fields follow in Go field-name order (the generator sorts fields by Go name, e.g.
 *    `APIEndpoint` before `AgentImage`, `CACert` before `Capabilities`); fields whose Go name is not
 *    the capitalised JSON name are listed in {@link GO_NAMES};
 *  - every field is omitempty: "", 0, false, null and empty lists and maps are left out, while an
 *    empty object in a pointer-to-struct field stays (`{}`);
 *  - map fields (labels, annotations, resource lists, …) are printed with sorted keys and keep
 *    every entry, empty values included.
 * Nested objects are treated as structs of the same kind (sorted by derived Go name, omitempty),
 * except under the map field names below. Fields a newer server adds that the CLI's client does
 * not know are kept (Go would drop them) and placed where their Go name sorts.
 */
export function goStruct(object: Readonly<Record<string, unknown>>): GoObject {
  const entries: [string, GoValue][] = [];
  for (const key of ['id', 'type']) {
    if (!isEmpty(object[key], false)) entries.push([key, toGo(object[key], key)]);
  }
  for (const key of ['links', 'actions']) {
    entries.push([key, object[key] === undefined ? null : toGo(object[key], key)]);
  }
  return new GoObject([...entries, ...structFields(object, RESOURCE_FIELDS)]);
}

const RESOURCE_FIELDS: ReadonlySet<string> = new Set(['id', 'type', 'links', 'actions']);

/** Fields whose Go type is a map (sorted keys, every entry kept, omitted only when empty). */
const MAP_FIELDS: ReadonlySet<string> = new Set([
  'actions',
  'agentFeatures',
  'allocatable',
  'annotations',
  'capacity',
  'certificatesExpiration',
  'labels',
  'limits',
  'links',
  'nodeAnnotations',
  'nodeLabels',
  'requested',
  'volumesAttached',
]);

/** JSON name → Go field name where the generator did not just capitalise (and turn `Id` into `ID`). */
const GO_NAMES: Readonly<Record<string, string>> = {
  aksConfig: 'AKSConfig',
  aksStatus: 'AKSStatus',
  answers: 'ClusterTemplateAnswers',
  apiEndpoint: 'APIEndpoint',
  appliedPodSecurityPolicyTemplateId: 'AppliedPodSecurityPolicyTemplateName',
  caCert: 'CACert',
  cpu: 'CPU',
  eksConfig: 'EKSConfig',
  eksStatus: 'EKSStatus',
  externalIpAddress: 'ExternalIPAddress',
  gkeConfig: 'GKEConfig',
  gkeStatus: 'GKEStatus',
  ipAddress: 'IPAddress',
  namespaceId: 'NamespaceId',
  os: 'OS',
  providerId: 'ProviderId',
  questions: 'ClusterTemplateQuestions',
  uuid: 'UUID',
};

function goName(key: string): string {
  return GO_NAMES[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/Id$/, 'ID');
}

function structFields(object: Readonly<Record<string, unknown>>, skip: ReadonlySet<string>) {
  const keys = Object.keys(object).filter((k) => !skip.has(k) && !isEmpty(object[k], MAP_FIELDS.has(k)));
  const named = keys.map((key) => ({ key, name: goName(key) }));
  named.sort((a, b) => compareBytes(a.name, b.name));
  return named.map(({ key }) => [key, toGo(object[key], key)] as [string, GoValue]);
}

function toGo(value: unknown, key: string | null): GoValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => toGo(item, null));
  if (typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  if (key !== null && MAP_FIELDS.has(key)) {
    const keys = Object.keys(record).sort(compareBytes);
    return new GoObject(keys.map((k) => [k, toGo(record[k], null)]));
  }
  return new GoObject(structFields(record, new Set()));
}

/** Go's omitempty; `{}` is empty only for a map (a pointer to an empty struct is still printed). */
function isEmpty(value: unknown, isMap: boolean): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isMap && typeof value === 'object' && Object.keys(value).length === 0;
}

/** Go compares strings by UTF-8 bytes, i.e. by code point (JavaScript's `<` compares UTF-16 units). */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
