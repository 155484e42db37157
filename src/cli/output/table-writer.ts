/**
 * A pure reimplementation of Go's `text/tabwriter` as the rancher CLI configures it
 * (`tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`): see the reference, rancher-kubernetes §1.6.
 *
 * Every cell of a row except the last is a column cell, left-aligned and padded with spaces to the
 * column width (also when empty); the last cell is written as is. A column's width is
 * `max(minWidth, longest cell + padding)` over a block of consecutive rows that have that column
 * (Go's column blocks), lengths in Unicode code points like Go's `utf8.RuneCount`. Rows of equal
 * length, as the CLI prints them, form a single block.
 */
export interface TableWriterOptions {
  minWidth?: number;
  padding?: number;
}

/** Tabs and line breaks inside a cell would start new cells or lines (and could forge rows). */
const CONTROL = /[\t\n\v\f\r]/g;

const widthOf = (text: string): number => [...text].length;

export function formatTable(rows: readonly (readonly string[])[], options: TableWriterOptions = {}): string {
  const minWidth = options.minWidth ?? 10;
  const padding = options.padding ?? 3;
  const lines = rows.map((row) => row.map((cell) => cell.replace(CONTROL, ' ')));
  const widths: number[] = [];
  let out = '';

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const line = lines[i];
      line.forEach((cell, j) => {
        out += cell;
        if (j < widths.length && j < line.length - 1)
          out += ' '.repeat(Math.max(0, widths[j] - widthOf(cell)));
      });
      out += '\n';
    }
  };

  // Go's Writer.format: find blocks of consecutive lines having a cell in `column`, size the column
  // over the block, then format the block's next column recursively.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      writeLines(start, i);
      let width = minWidth;
      let end = i;
      for (; end < line1 && column < lines[end].length - 1; end++) {
        width = Math.max(width, widthOf(lines[end][column]) + padding);
      }
      widths.push(width);
      format(i, end);
      widths.pop();
      start = end;
      i = end - 1;
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out;
}
