export interface AlignOptions {
  /** Spaces after the widest cell of a column. */
  padding: number;
  /** Smallest width of a column, padding included. */
  minWidth: number;
}

/** kubectl's tabular style: cells padded to the widest cell of their column, the last cell unpadded. */
export const tableStyle: AlignOptions = { padding: 3, minWidth: 6 };
/** The tighter style of `describe` sections (events, conditions). */
export const describeStyle: AlignOptions = { padding: 2, minWidth: 0 };

/** Column widths for rows of cells; `previous` widths (from rows printed before) are kept as minimums. */
export function columnWidths(rows: string[][], options: AlignOptions, previous: number[] = []): number[] {
  const widths = [...previous];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i === row.length - 1) return;
      const w = Math.max(cell.length + options.padding, options.minWidth);
      widths[i] = Math.max(widths[i] ?? 0, w);
    });
  }
  return widths;
}

/** Render rows as aligned lines (each ending in a newline) with the given widths. */
export function renderRows(rows: string[][], widths: number[], indent = ''): string {
  return rows
    .map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('').trimEnd() + '\n')
    .join('');
}

export function alignRows(rows: string[][], options: AlignOptions = tableStyle, indent = ''): string {
  return renderRows(rows, columnWidths(rows, options), indent);
}
