/**
 * Checks message bodies against shared/reference/apel.md the way the APEL server (2.5.0) and the
 * SSM/AMS transport would judge them, plus the rules fedwatch promises on top (sorted lines, ≤ 1
 * record set per VM, CpuDuration = WallDuration × CpuCount). Each function returns every problem
 * found (empty: the message is fine), so a test can show them all at once.
 */

/** §2.1: the keys of a cloud record v0.4 (any other key makes the server reject the message). */
// prettier-ignore
export const CLOUD_KEYS = new Set([
  'VMUUID', 'SiteName', 'CloudComputeService', 'CloudType', 'MachineName', 'LocalUserId', 'LocalGroupId',
  'GlobalUserName', 'FQAN', 'Status', 'StartTime', 'EndTime', 'SuspendDuration', 'WallDuration',
  'CpuDuration', 'CpuCount', 'NetworkType', 'NetworkInbound', 'NetworkOutbound', 'PublicIPCount', 'Memory',
  'Disk', 'BenchmarkType', 'Benchmark', 'StorageRecordId', 'ImageId',
]);
/** Integers on the wire (`int`, epoch `datetime`, and CpuCount, which fedwatch sends as an integer). */
// prettier-ignore
const INT_KEYS = [
  'StartTime', 'EndTime', 'SuspendDuration', 'WallDuration', 'CpuDuration', 'CpuCount', 'NetworkInbound',
  'NetworkOutbound', 'PublicIPCount', 'Memory', 'Disk',
];
/** Always sent by fedwatch (§2.1 "sent" / "always sent" / "required by fedwatch"). */
const SENT_KEYS = [
  'VMUUID',
  'SiteName',
  'FQAN',
  'Status',
  'StartTime',
  'EndTime',
  'WallDuration',
  'CpuDuration',
];
const STATUSES = new Set(['started', 'completed', 'error', 'paused', 'suspended', 'stopped', 'unknown']);
export const CLOUD_HEADER = 'APEL-cloud-message: v0.4';
export const STAR_NS = 'http://eu-emi.eu/namespaces/2011/02/storagerecord';
const MAX_RECORDS = 100;
const MAX_BYTES = 1_000_000;

function transportProblems(body: string): string[] {
  const problems: string[] = [];
  // Printable ASCII and `\n` only: SSM decodes the body as ASCII; a `\r` or a tab has no place in it.
  if (/[^\x20-\x7e\n]/.test(body))
    problems.push('body is not pure ASCII text (printable characters and \\n)');
  if (Buffer.byteLength(body) >= MAX_BYTES)
    problems.push(`body is ${Buffer.byteLength(body)} bytes (≥ 1 MB)`);
  return problems;
}

/** The records of a cloud message as key → value maps (what the server's parser sees). */
export function cloudRecords(body: string): Record<string, string>[] {
  const chunks = body.slice(body.indexOf('\n') + 1).split(/^%%$/m);
  return chunks
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .map((c) =>
      Object.fromEntries(
        c.split('\n').map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
      ),
    );
}

/** §2.1–§2.5 for one `APEL-cloud-message: v0.4` body; `windowEnd` (epoch s) checks running VMs' wall time. */
export function checkCloudMessage(body: string, opts: { windowEnd?: number } = {}): string[] {
  const problems = transportProblems(body);
  const [header, ...rest] = body.split('\n');
  if (header !== CLOUD_HEADER) problems.push(`header is ${JSON.stringify(header)}`);
  if (!body.endsWith('\n')) problems.push('body does not end with a newline');
  const chunks = rest
    .join('\n')
    .replace(/\n$/, '')
    .split(/\n%%(?:\n|$)/);
  if (chunks.length > 1 && chunks.at(-1) === '') chunks.pop(); // a closing `%%` is accepted too
  if (chunks.length > MAX_RECORDS) problems.push(`${chunks.length} records (> ${MAX_RECORDS})`);
  chunks.forEach((chunk, n) =>
    problems.push(...checkCloudRecord(chunk, opts).map((p) => `record ${n + 1}: ${p}`)),
  );
  return problems;
}

function checkCloudRecord(chunk: string, opts: { windowEnd?: number }): string[] {
  const problems: string[] = [];
  const lines = chunk.split('\n');
  if (lines.join('\n') !== [...lines].sort().join('\n')) problems.push('lines are not sorted');
  const r: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    if (at < 0) {
      problems.push(`line without ':' (${JSON.stringify(line)})`);
      continue;
    }
    const [key, value] = [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    if (!CLOUD_KEYS.has(key)) problems.push(`unknown key ${key}`);
    if (key in r) problems.push(`key ${key} twice`);
    if (value === '' || /^(none|null)$/i.test(value))
      problems.push(`${key} is null (${JSON.stringify(value)})`);
    if (value.includes('%%')) problems.push(`${key} contains %%`);
    if (value.length > 255) problems.push(`${key} longer than 255`);
    r[key] = value;
  }
  for (const key of SENT_KEYS) if (!(key in r)) problems.push(`${key} missing`);
  for (const key of INT_KEYS)
    if (key in r && !/^\d+$/.test(r[key]!)) problems.push(`${key} not an integer: ${r[key]}`);
  if ('Benchmark' in r !== 'BenchmarkType' in r) problems.push('Benchmark and BenchmarkType not both sent');
  if ('Benchmark' in r && !/^\d+(\.\d+)?$/.test(r.Benchmark!))
    problems.push(`Benchmark not a float: ${r.Benchmark}`);
  if ((r.BenchmarkType ?? '').length > 50) problems.push('BenchmarkType longer than 50');
  if (r.Status !== undefined && !STATUSES.has(r.Status)) problems.push(`unknown Status ${r.Status}`);
  const [start, end, wall, cpu, count] = [
    'StartTime',
    'EndTime',
    'WallDuration',
    'CpuDuration',
    'CpuCount',
  ].map((k) => Number(r[k] ?? NaN));
  if (end === 0 && r.Status === 'completed') problems.push('EndTime 0 with Status completed');
  if (!(wall! >= 1)) problems.push(`WallDuration ${wall} < 1`);
  if (!(cpu! >= 1)) problems.push(`CpuDuration ${cpu} < 1`);
  // §2.3: CpuDuration = WallDuration × CpuCount; a wall time of 0 is sent as 1 (then so is the CPU time).
  if ('CpuCount' in r && cpu !== Math.max(1, wall! * count!) && !(wall === 1 && cpu === 1))
    problems.push(`CpuDuration ${cpu} ≠ WallDuration ${wall} × CpuCount ${count}`);
  const until = end !== 0 ? end! : opts.windowEnd;
  if (until !== undefined && wall !== Math.max(1, until - start!))
    problems.push(
      `WallDuration ${wall} ≠ ${end !== 0 ? 'EndTime' : 'window end'} − StartTime (${until - start!})`,
    );
  return problems;
}

export interface XmlElement {
  ns: string | null;
  name: string;
  attrs: { ns: string | null; name: string; value: string }[];
  children: XmlElement[];
  text: string;
}

/** A strict, small XML parser: elements, attributes, text and entities only. Throws when not well-formed. */
export function parseXml(src: string): XmlElement {
  let pos = 0;
  const NAME = '[A-Za-z_][\\w.-]*(?::[A-Za-z_][\\w.-]*)?';
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = new RegExp(re.source, 'y');
    m.lastIndex = pos;
    const found = m.exec(src);
    if (found) pos = m.lastIndex;
    return found;
  };
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at ${pos}: ${why}`);
  };
  const decode = (text: string) => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.test(text)) fail('bad entity');
    return text.replace(
      /&(amp|lt|gt|quot|apos);/g,
      (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!,
    );
  };
  const resolve = (qname: string, scope: Map<string, string>, isAttr: boolean) => {
    const [prefix, local] = qname.includes(':') ? qname.split(':') : [null, qname];
    if (prefix === null) return { ns: isAttr ? null : (scope.get('') ?? null), name: local! };
    if (!scope.has(prefix)) fail(`unbound prefix ${prefix}`);
    return { ns: scope.get(prefix)!, name: local! };
  };
  const element = (outer: Map<string, string>): XmlElement => {
    const open = take(new RegExp(`<(${NAME})`)) ?? fail('expected an element');
    const raw: [string, string][] = [];
    let attr: RegExpExecArray | null;
    while ((attr = take(new RegExp(`\\s+(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`)))) {
      if (raw.some(([n]) => n === attr![1])) fail(`attribute ${attr[1]} twice`);
      raw.push([attr[1]!, decode(attr[2] ?? attr[3] ?? '')]);
    }
    const end = take(/\s*(\/?)>/) ?? fail(`bad start tag <${open[1]}`);
    const scope = new Map(outer);
    for (const [n, v] of raw) if (n === 'xmlns' || n.startsWith('xmlns:')) scope.set(n.slice(6), v);
    const el: XmlElement = {
      ...resolve(open[1]!, scope, false),
      attrs: raw
        .filter(([n]) => n !== 'xmlns' && !n.startsWith('xmlns:'))
        .map(([n, v]) => ({ ...resolve(n, scope, true), value: v })),
      children: [],
      text: '',
    };
    if (end[1] === '/') return el;
    for (;;) {
      el.text += decode(take(/[^<]*/)![0]);
      if (take(new RegExp(`</${open[1]!.replace(/\./g, '\\.')}\\s*>`))) return el;
      if (
        src.startsWith('</', pos) ||
        src.startsWith('<!', pos) ||
        src.startsWith('<?', pos) ||
        pos >= src.length
      )
        fail(`unclosed or mismatched <${open[1]}>, or a construct fedwatch never writes`);
      el.children.push(element(scope));
    }
  };
  const root = element(new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
  if (pos !== src.length && src.slice(pos).trim() !== '') fail('content after the root element');
  return root;
}

const RECORD_CHILDREN = [
  'RecordIdentity',
  'StorageSystem',
  'Site',
  'SubjectIdentity',
  'StartTime',
  'EndTime',
  'ResourceCapacityUsed',
];
const MANDATORY = ['RecordIdentity', 'StorageSystem', 'StartTime', 'EndTime', 'ResourceCapacityUsed'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

/** §3 for one StAR body: well-formed, the storagerecord namespace, ≤ 100 records, mandatory elements. */
export function checkStorageMessage(body: string): string[] {
  const problems = transportProblems(body);
  if (body.startsWith('<?')) problems.push('has an XML declaration');
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (err) {
    return [...problems, (err as Error).message];
  }
  if (root.ns !== STAR_NS || root.name !== 'StorageUsageRecords')
    problems.push(`root is {${root.ns}}${root.name}`);
  if (root.children.length === 0 || root.children.length > MAX_RECORDS)
    problems.push(`${root.children.length} records (want 1–${MAX_RECORDS})`);
  root.children.forEach((rec, n) => {
    const say = (p: string) => problems.push(`record ${n + 1}: ${p}`);
    if (rec.ns !== STAR_NS || rec.name !== 'StorageUsageRecord') say(`element {${rec.ns}}${rec.name}`);
    const names = rec.children.map((c) => (c.ns === STAR_NS ? c.name : `{${c.ns}}${c.name}`));
    if (names.join() !== RECORD_CHILDREN.filter((c) => names.includes(c)).join())
      say(`children ${names.join()}`);
    for (const m of MANDATORY) if (!names.includes(m)) say(`${m} missing`);
    const child = (name: string) => rec.children.find((c) => c.ns === STAR_NS && c.name === name);
    const identity = child('RecordIdentity');
    const attr = (name: string) => identity?.attrs.find((a) => a.ns === STAR_NS && a.name === name)?.value;
    if (!attr('recordId')) say('sr:recordId missing');
    if (!ISO.test(attr('createTime') ?? '')) say(`sr:createTime ${attr('createTime')}`);
    for (const t of ['StartTime', 'EndTime'])
      if (!ISO.test(child(t)?.text ?? '')) say(`${t} ${child(t)?.text}`);
    if ((child('StartTime')?.text ?? '') > (child('EndTime')?.text ?? '')) say('StartTime after EndTime');
    const bytes = child('ResourceCapacityUsed')?.text ?? '';
    if (!/^\d+$/.test(bytes) || BigInt(bytes) > 2n ** 63n - 1n) say(`ResourceCapacityUsed ${bytes}`);
    if (!child('StorageSystem')?.text.trim()) say('StorageSystem empty');
  });
  return problems;
}

/** The record ids of a StAR body. */
export function storageRecordIds(body: string): string[] {
  return parseXml(body).children.map(
    (rec) =>
      rec.children.find((c) => c.name === 'RecordIdentity')?.attrs.find((a) => a.name === 'recordId')
        ?.value ?? '',
  );
}
