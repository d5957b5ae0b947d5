/**
 * The figure snnTorch's Tutorial 2 draws for a run (its `plot_cur_mem_spk`): the input current,
 * the membrane potential with the threshold as a dashed line, and the output spike raster, one
 * above the other on a shared step axis. Built as a Vega-Lite spec; render.ts draws it.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Trace } from "../backends/backend.ts";
import type { Currents } from "../currents.ts";

export interface FigureData {
  title: string;
  /** One line under the title (what was run). */
  subtitle?: string;
  inputs: Currents;
  trace: Trace;
  /** Firing threshold of each neuron. */
  thresholds: readonly number[];
}

export interface FigureOptions {
  /** Plot width in pixels (default 640). */
  width?: number;
}

interface Row {
  step: number;
  neuron: string;
  input: number;
  mem: number;
  spk: number;
}

const COLORS = { input: "#d98c1f", mem: "#1f6fb4", threshold: "#7a7a7a", spike: "#111111" };

/** The Vega-Lite spec of the three-panel figure. Throws a RangeError when the trace has no `mem`. */
export function traceFigureSpec(data: FigureData, options: FigureOptions = {}): TopLevelSpec {
  const { trace, inputs } = data;
  const memColumn = trace.columns.indexOf("mem");
  if (memColumn < 0) throw new RangeError(`trace: a membrane column "mem" is needed, got ${trace.columns.join(",")}`);
  if (inputs.steps !== trace.steps || inputs.channels !== trace.neurons) {
    throw new RangeError(`inputs: ${inputs.steps} steps x ${inputs.channels} channels for a trace of ${trace.steps} x ${trace.neurons}`);
  }
  const width = options.width ?? 640;
  const rows = traceRows(trace, inputs, memColumn);
  const several = trace.neurons > 1;
  const x = { field: "step", type: "quantitative" as const, scale: { domain: [0, Math.max(trace.steps - 1, 1)], nice: false }, title: "time step" };
  const color = several ? { color: { field: "neuron", type: "nominal" as const, title: "neuron" } } : {};
  const thresholdRows = data.thresholds.map((threshold, i) => ({ neuron: String(i), threshold }));
  const sameThreshold = data.thresholds.every((t) => t === data.thresholds[0]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: data.title, subtitle: data.subtitle, anchor: "start", fontSize: 16, offset: 14 },
    background: "white",
    padding: 12,
    data: { values: rows },
    spacing: 14,
    vconcat: [
      spikeInput(inputs)
        ? {
            // A spike train (0/1 inputs) reads best as a raster, as the tutorial draws it.
            width,
            height: Math.min(24 + 16 * trace.neurons, 240),
            title: { text: "Input spikes", anchor: "start", fontSize: 13 },
            transform: [{ filter: "datum.input != 0" }],
            mark: { type: "tick", thickness: 2, color: COLORS.input },
            encoding: { x: { ...x, axis: { labels: false, title: null } }, y: { field: "neuron", type: "ordinal", title: "neuron" } },
          }
        : {
            width,
            height: 110,
            title: { text: "Input current", anchor: "start", fontSize: 13 },
            mark: { type: "line", interpolate: "step-after", color: several ? undefined : COLORS.input, strokeWidth: 1.6 },
            encoding: { x: { ...x, axis: { labels: false, title: null } }, y: { field: "input", type: "quantitative", title: "input" }, ...color },
          },
      {
        width,
        height: 200,
        title: { text: "Membrane potential", anchor: "start", fontSize: 13 },
        layer: [
          {
            mark: { type: "line", color: several ? undefined : COLORS.mem, strokeWidth: 1.8 },
            encoding: { x: { ...x, axis: { labels: false, title: null } }, y: { field: "mem", type: "quantitative", title: "U_mem" }, ...color },
          },
          {
            data: { values: sameThreshold ? thresholdRows.slice(0, 1) : thresholdRows },
            mark: { type: "rule", strokeDash: [6, 4], color: COLORS.threshold, strokeWidth: 1.4 },
            encoding: { y: { field: "threshold", type: "quantitative" } },
          },
          {
            data: { values: sameThreshold ? thresholdRows.slice(0, 1) : thresholdRows },
            mark: { type: "text", align: "right", baseline: "bottom", dy: -5, color: COLORS.threshold, fontSize: 11 },
            encoding: { y: { field: "threshold", type: "quantitative" }, x: { value: width }, text: { value: "threshold" } },
          },
        ],
      },
      {
        width,
        height: Math.min(24 + 16 * trace.neurons, 240),
        title: { text: "Output spikes", anchor: "start", fontSize: 13 },
        transform: [{ filter: "datum.spk != 0" }],
        mark: { type: "tick", thickness: 2, color: COLORS.spike },
        encoding: {
          x,
          y: { field: "neuron", type: "ordinal", title: "neuron", sort: rows.slice(0, trace.neurons).map((r) => r.neuron) },
        },
      },
    ],
    resolve: { scale: { color: "shared" } },
    config: { view: { stroke: "#dddddd" }, axis: { grid: true, gridColor: "#eeeeee", labelFontSize: 11, titleFontSize: 12 } },
  };
}

/** Inputs that are all 0 or 1, with at least one 1: a spike train. */
function spikeInput(inputs: Currents): boolean {
  return inputs.values.some((x) => x === 1) && inputs.values.every((x) => x === 0 || x === 1);
}

function traceRows(trace: Trace, inputs: Currents, memColumn: number): Row[] {
  const width = trace.columns.length;
  const spkColumn = trace.columns.indexOf("spk");
  const rows: Row[] = [];
  for (let t = 0; t < trace.steps; t++) {
    for (let i = 0; i < trace.neurons; i++) {
      const base = (t * trace.neurons + i) * width;
      rows.push({ step: t, neuron: String(i), input: inputs.values[t * trace.neurons + i], mem: trace.values[base + memColumn], spk: trace.values[base + spkColumn] });
    }
  }
  return rows;
}
