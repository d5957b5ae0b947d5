/** A plain-text table: columns padded to width, numbers right-aligned. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  // A column is numeric when every cell starts with a digit or is "-" (no value).
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => /^(-$|[-+]?\d)/.test(r[c])));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
