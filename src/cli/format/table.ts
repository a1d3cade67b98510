/** A cell with an optional colour: padding is computed on the plain text. */
export interface Cell {
  text: string;
  color?: AnsiColor;
}

export type AnsiColor = 'red' | 'green' | 'yellow' | 'magenta' | 'dim' | 'bold';

const ANSI: Record<AnsiColor, [string, string]> = {
  red: ['\u001b[31m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  magenta: ['\u001b[35m', '\u001b[39m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  bold: ['\u001b[1m', '\u001b[22m'],
};

export function paint(text: string, color: AnsiColor | undefined, enabled: boolean): string {
  if (!enabled || !color) return text;
  const [open, close] = ANSI[color];
  return `${open}${text}${close}`;
}

/**
 * Left-aligned columns separated by two spaces; the last column is not padded so long text
 * wraps in the terminal rather than pushing every row wide.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly (Cell | string)[])[],
  options: { color: boolean },
): string {
  const cells = rows.map((row) =>
    row.map((cell) => (typeof cell === 'string' ? { text: cell } : cell)),
  );
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => row[column]?.text.length ?? 0)),
  );
  const line = (row: readonly Cell[]): string =>
    row
      .map((cell, column) => {
        const isLast = column === row.length - 1;
        const padded = isLast ? cell.text : cell.text.padEnd(widths[column] ?? 0);
        return paint(padded, cell.color, options.color);
      })
      .join('  ')
      .trimEnd();
  const head = line(headers.map((text) => ({ text, color: 'bold' as const })));
  return [head, ...cells.map(line)].join('\n') + '\n';
}
