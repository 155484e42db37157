import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { formatPath, isRecord, type PathSegment, type SourceMap } from './config.paths.js';
import type { ConfigProblem } from './config.types.js';

export interface ParsedYaml {
  /** The document as plain data; null when it could not be parsed. */
  data: Record<string, unknown> | null;
  problems: ConfigProblem[];
}

/** Records `<file>:<line>` for every key and list item so problems can point at their line. */
function recordLines(
  node: unknown,
  path: PathSegment[],
  lines: LineCounter,
  name: string,
  sources: SourceMap,
) {
  const at = (p: PathSegment[], offset: number | undefined) => {
    if (offset !== undefined) sources.set(formatPath(p), `${name}:${lines.linePos(offset).line}`);
  };
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      // Merge keys (`<<`) and complex keys have no path of their own; their values inherit the parent's line.
      if (key === '<<' || (typeof key !== 'string' && typeof key !== 'number')) continue;
      const childPath = [...path, String(key)];
      at(childPath, (pair.key as Node | null)?.range?.[0]);
      if (!isAlias(pair.value)) recordLines(pair.value, childPath, lines, name, sources);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const childPath = [...path, index];
      at(childPath, (item as Node | null)?.range?.[0]);
      if (!isAlias(item)) recordLines(item, childPath, lines, name, sources);
    });
  }
}

/**
 * Parses a config file. `name` is how the file is shown in sources (`fedwatch.yaml:12`). Errors
 * are taken without yaml's "pretty" context lines: those quote the source, which may hold secrets.
 */
export function parseConfigYaml(text: string, name: string, sources: SourceMap): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      data: null,
      problems: doc.errors.map((err) => {
        const { line, col } = lines.linePos(err.pos[0]);
        const message = err.message.split('\n')[0];
        return {
          path: '',
          message: `malformed YAML at line ${line}, column ${col}: ${message}`,
          source: `${name}:${line}`,
        };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { data: null, problems: [{ path: '', message: `malformed YAML: ${message}`, source: name }] };
  }
  if (data === null || data === undefined) return { data: {}, problems: [] };
  if (!isRecord(data)) {
    const line = lines.linePos((doc.contents as Node | null)?.range?.[0] ?? 0).line;
    return {
      data: null,
      problems: [
        { path: '', message: 'expected a mapping of configuration keys', source: `${name}:${line}` },
      ],
    };
  }
  recordLines(doc.contents, [], lines, name, sources);
  return { data, problems: [] };
}
