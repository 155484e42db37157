/**
 * Reading a Prometheus text-format scrape, and the metric names the Grafana dashboards in
 * `charts/fedwatch/dashboards/` query (with the tokenizer the dashboards' unit test uses).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grafanaVariableExpressions, promqlMetricNames } from '../../src/clusters/dashboard.promql.js';

export interface Scrape {
  /** Family name → type, from the `# TYPE` lines. */
  types: Map<string, string>;
  /** Families with at least one sample line. */
  withSamples: Set<string>;
  /** The family a series name belongs to (`x_bucket` → `x` for a histogram `x`); null if none. */
  familyOf(name: string): string | null;
}

const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

export function parseScrape(text: string): Scrape {
  const types = new Map<string, string>();
  const sampleNames = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    else if (line && !line.startsWith('#')) sampleNames.add(/^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)![0]);
  }
  const familyOf = (name: string): string | null => {
    if (types.has(name)) return name;
    for (const [type, suffixes] of Object.entries(SUFFIXES)) {
      const suffix = suffixes.find((s) => name.endsWith(s));
      const base = suffix ? name.slice(0, -suffix.length) : null;
      if (base && types.get(base) === type) return base;
    }
    return null;
  };
  const withSamples = new Set([...sampleNames].map(familyOf).filter((f): f is string => f !== null));
  return { types, withSamples, familyOf };
}

interface Panel {
  targets?: { expr?: string }[];
  panels?: Panel[];
}
interface Dashboard {
  panels?: Panel[];
  templating?: { list?: { query?: string | { query?: string } }[] };
}

const allPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);

/** Dashboard file → the metric names its panel targets and template variables read. */
export function dashboardMetricNames(dir: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard;
    const expressions = [
      ...allPanels(dashboard.panels ?? []).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '')),
      ...(dashboard.templating?.list ?? []).flatMap((v) =>
        grafanaVariableExpressions(typeof v.query === 'string' ? v.query : (v.query?.query ?? '')),
      ),
    ];
    result.set(file, [...new Set(expressions.flatMap((e) => promqlMetricNames(e)))].sort());
  }
  return result;
}
