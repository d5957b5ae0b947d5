/**
 * A small membrane chart for the terminal: the trace squeezed into `width` columns (each column
 * the mean of its steps) and drawn with block characters over `height` rows, the threshold as a
 * dotted row and the spikes as a tick line below.
 */

export interface ChartOptions {
  /** Columns of the plot area (default 60). */
  width?: number;
  /** Rows of the plot area (default 8). */
  height?: number;
  threshold?: number;
  /** Steps at which the neuron fired; marked under the plot. */
  spikes?: readonly number[];
}

const EIGHTHS = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/** The chart's lines, the axis labels included. Empty values give a one-line note. */
export function membraneChart(values: readonly number[], options: ChartOptions = {}): string[] {
  if (values.length === 0) return ["(no steps)"];
  const width = Math.max(1, Math.min(options.width ?? 60, values.length));
  const height = Math.max(1, options.height ?? 8);
  const columns = squeeze(values, width);
  const { threshold } = options;
  let low = Math.min(0, ...columns);
  let high = Math.max(...columns, threshold ?? -Infinity);
  if (high === low) high = low + 1;
  const scale = (x: number) => ((x - low) / (high - low)) * height;
  const thresholdRow = threshold === undefined ? -1 : Math.min(height - 1, Math.floor(scale(threshold)));
  const label = (x: number) => formatLabel(x).padStart(7);
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    let line = "";
    for (const x of columns) {
      const fill = Math.round((scale(x) - row) * 8);
      const block = EIGHTHS[Math.max(0, Math.min(8, fill))];
      line += block === " " && row === thresholdRow ? "┄" : block;
    }
    const axis = row === height - 1 ? label(high) : row === 0 ? label(low) : " ".repeat(7);
    lines.push(`${axis} ┤${line}${row === thresholdRow ? ` ┄ threshold ${formatLabel(threshold!)}` : ""}`);
  }
  if (options.spikes !== undefined) {
    const marks = new Array<string>(width).fill(" ");
    for (const t of options.spikes) marks[Math.min(width - 1, Math.floor((t / values.length) * width))] = "|";
    lines.push(`${"spikes".padStart(7)}  ${marks.join("")}`);
  }
  lines.push(`${" ".repeat(9)}0${String(values.length - 1).padStart(width - 1)}`);
  return lines;
}

/** Mean of each of `width` equal slices of the values. */
function squeeze(values: readonly number[], width: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < width; c++) {
    const from = Math.floor((c * values.length) / width);
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / width));
    let sum = 0;
    for (let k = from; k < to; k++) sum += values[k];
    out.push(sum / (to - from));
  }
  return out;
}

function formatLabel(x: number): string {
  return Math.abs(x) >= 1000 || (x !== 0 && Math.abs(x) < 0.01) ? x.toExponential(1) : String(Math.round(x * 1000) / 1000);
}
