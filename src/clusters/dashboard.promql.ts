/**
 * The metric names a PromQL expression (as written in a Grafana panel) reads, found with a small
 * tokenizer rather than a full parser: an identifier is a metric name unless it is followed by `(`
 * (a function), is a keyword or aggregation operator, or sits inside a label matcher `{…}`, a
 * range `[…]`, a string, or the label list of `by`/`without`/`on`/`ignoring`/`group_left`/
 * `group_right`. Grafana variables (`$cluster`, `${cluster:regex}`, `[[cluster]]`) are not names.
 */
export function promqlMetricNames(expr: string): string[] {
  const s = expr.replace(/\$\{[^}]*\}|\$\w+|\[\[\w+\]\]/g, '0');
  const names = new Set<string>();
  let i = 0;
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) i++;
    else if (c === '"' || c === "'" || c === '`') i = skipString(s, i);
    else if (c === '{') i = skipPast(s, i, '}');
    else if (c === '[') i = skipPast(s, i, ']');
    else if (c === '#') i = s.includes('\n', i) ? s.indexOf('\n', i) : s.length;
    else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(s[i + 1] ?? ''))) {
      // Numbers, hex and durations (5m, 1h30m, 0x1F, 1e3) are one token.
      while (i < s.length && /[0-9a-zA-Z_.]/.test(s[i])) i++;
    } else if (/[a-zA-Z_:]/.test(c)) {
      const start = i;
      while (i < s.length && /[a-zA-Z0-9_:]/.test(s[i])) i++;
      const word = s.slice(start, i);
      skipSpace();
      const call = s[i] === '(';
      if (LABEL_LISTS.has(word.toLowerCase())) {
        if (call) i = skipPast(s, i, ')');
      } else if (!call && !KEYWORDS.has(word.toLowerCase())) {
        names.add(word);
      }
    } else i++;
  }
  return [...names];
}

/** Keywords followed by a parenthesised list of label names. */
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** Words that are never metric names where they stand without a following `(`. */
const KEYWORDS = new Set([
  ...['and', 'or', 'unless', 'atan2', 'bool', 'offset', 'inf', 'nan'],
  // Aggregation operators may be followed by `by (…)` before their `(`.
  ...['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values'],
  ...['bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio'],
]);

function skipString(s: string, i: number): number {
  const quote = s[i];
  for (i++; i < s.length; i++) {
    if (s[i] === '\\' && quote !== '`') i++;
    else if (s[i] === quote) return i + 1;
  }
  return s.length;
}

/** Index after the `close` that ends the group opened at `i`, strings inside skipped. */
function skipPast(s: string, i: number, close: string): number {
  const open = s[i];
  let depth = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(s, i);
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return i + 1;
    i++;
  }
  return s.length;
}

/**
 * The PromQL inside a Grafana Prometheus variable query: `label_values(<selector>, label)` reads
 * the selector, `query_result(<expr>)` the expression; `label_values(label)`, `label_names()` and
 * `metrics(regex)` read no metric by name.
 */
export function grafanaVariableExpressions(query: string): string[] {
  const q = query.trim();
  const labelValues = /^label_values\((.*),\s*[a-zA-Z_]\w*\s*\)$/s.exec(q);
  if (labelValues) return [labelValues[1]];
  const result = /^query_result\((.*)\)$/s.exec(q);
  if (result) return [result[1]];
  return [];
}
