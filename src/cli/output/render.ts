import { stringify } from 'yaml';
import { formatTable } from './table-writer.js';

export type OutputFormat = 'table' | 'json' | 'yaml';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml'];

export interface Column<T> {
  /** Printed uppercased, as the rancher CLI does. */
  header: string;
  value: (row: T) => string;
}

export interface RenderOptions<T> {
  /** Ids only, one per line, no header; takes precedence over the format (like `rancher -q`). */
  quiet?: boolean;
  /** The id of a row for `quiet`; defaults to its `id` property. */
  id?: (row: T) => string;
}

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

const defaultId = (row: unknown): string => {
  const id = row !== null && typeof row === 'object' ? (row as { id?: unknown }).id : undefined;
  return id === undefined || id === null ? '' : String(id);
};

/**
 * Render the REST model for the terminal. `table` prints one row per item (a single object is one
 * row) with the header even when empty; `json` prints the model as ONE pretty JSON document (not
 * rancher's JSON Lines: fedwatch's documented choice); `yaml` the same model as one YAML document.
 * The result always ends with a newline (unless quiet and empty).
 */
export function render<T>(
  format: OutputFormat,
  data: T | readonly T[],
  columns: readonly Column<T>[],
  options: RenderOptions<T> = {},
): string {
  const rows: readonly T[] = Array.isArray(data) ? data : [data as T];
  if (options.quiet) {
    const id = options.id ?? defaultId;
    return rows.map((row) => `${id(row).replace(/[\r\n]/g, ' ')}\n`).join('');
  }
  switch (format) {
    case 'json':
      return `${JSON.stringify(data, null, 2)}\n`;
    case 'yaml':
      return stringify(data);
    case 'table':
      return formatTable([
        columns.map((c) => c.header.toUpperCase()),
        ...rows.map((row) => columns.map((c) => c.value(row))),
      ]);
    default:
      throw new Error(`unknown output format ${String(format)}`);
  }
}
