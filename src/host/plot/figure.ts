/**
 * The figure snnTorch's Tutorial 2 draws for a run (its `plot_cur_mem_spk`): the input current,
 * the membrane potential with the threshold as a dashed line, and the output spike raster, one
 * above the other on a shared step axis; several neurons get a colour each. Long runs are
 * thinned to the pixels (series.ts), and the figure says so. Built as a Vega-Lite spec;
 * render.ts draws it.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Trace } from "../backends/backend.ts";
import type { Currents } from "../currents.ts";
import { figureSeries } from "./series.ts";

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

const COLORS = { input: "#d98c1f", mem: "#1f6fb4", threshold: "#7a7a7a", spike: "#111111" };

/** Distinct thresholds get a label each; past this many, one label says they are per neuron. */
const MAX_THRESHOLD_LABELS = 4;

/** The Vega-Lite spec of the three-panel figure. Throws a RangeError when the trace has no `mem`. */
export function traceFigureSpec(data: FigureData, options: FigureOptions = {}): TopLevelSpec {
  const { trace, inputs } = data;
  if (!trace.columns.includes("mem")) throw new RangeError(`trace: a membrane column "mem" is needed, got ${trace.columns.join(",")}`);
  if (inputs.steps !== trace.steps || inputs.channels !== trace.neurons) {
    throw new RangeError(`inputs: ${inputs.steps} steps x ${inputs.channels} channels for a trace of ${trace.steps} x ${trace.neurons}`);
  }
  const width = options.width ?? 640;
  const series = figureSeries(trace, inputs, width);
  const several = trace.neurons > 1;
  const neurons = Array.from({ length: trace.neurons }, (_, i) => String(i));
  const x = { field: "step", type: "quantitative" as const, scale: { domain: [0, Math.max(trace.steps - 1, 1)], nice: false }, title: "time step" };
  // Every neuron keeps its colour and its raster row, spikes or none.
  const color = several ? { color: { field: "neuron", type: "nominal" as const, title: "neuron", scale: { domain: neurons } } } : {};
  const rasterY = { field: "neuron", type: "ordinal" as const, title: "neuron", scale: { domain: neurons } };
  const rasterHeight = Math.min(24 + 16 * trace.neurons, 240);
  const subtitle = [
    ...(data.subtitle === undefined ? [] : [data.subtitle]),
    ...(series.bucket > 1
      ? [`${trace.steps} steps in ${width} px: lines show the min and max of every ${series.bucket} steps, a raster tick marks ${series.bucket} steps with a spike`]
      : []),
  ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: data.title, subtitle: subtitle.length === 0 ? undefined : subtitle, anchor: "start", fontSize: 16, offset: 14 },
    background: "white",
    padding: 12,
    datasets: { input: series.input, inputSpikes: series.inputSpikes, mem: series.mem, spikes: series.spikes },
    spacing: 14,
    vconcat: [
      spikeInput(inputs)
        ? {
            // A spike train (0/1 inputs) reads best as a raster, as the tutorial draws it.
            width,
            height: rasterHeight,
            title: { text: "Input spikes", anchor: "start", fontSize: 13 },
            data: { name: "inputSpikes" },
            mark: { type: "tick", thickness: 2, color: several ? undefined : COLORS.input },
            encoding: { x: { ...x, axis: { labels: false, title: null } }, y: rasterY, ...color },
          }
        : {
            width,
            height: 110,
            title: { text: "Input current", anchor: "start", fontSize: 13 },
            data: { name: "input" },
            mark: { type: "line", interpolate: series.bucket > 1 ? "linear" : "step-after", color: several ? undefined : COLORS.input, strokeWidth: 1.6 },
            encoding: { x: { ...x, axis: { labels: false, title: null } }, y: { field: "value", type: "quantitative", title: "input" }, ...color },
          },
      {
        width,
        height: 200,
        title: { text: "Membrane potential", anchor: "start", fontSize: 13 },
        layer: [
          {
            data: { name: "mem" },
            mark: { type: "line", color: several ? undefined : COLORS.mem, strokeWidth: series.bucket > 1 ? 1 : 1.8 },
            encoding: { x: { ...x, axis: { labels: false, title: null } }, y: { field: "value", type: "quantitative", title: "U_mem" }, ...color },
          },
          {
            data: { values: thresholdLabels(data.thresholds, width) },
            mark: { type: "rule", strokeDash: [6, 4], color: COLORS.threshold, strokeWidth: 1.4 },
            encoding: { y: { field: "threshold", type: "quantitative" } },
          },
          {
            data: { values: thresholdLabels(data.thresholds, width) },
            mark: { type: "text", align: "right", baseline: "top", dy: 4, color: COLORS.threshold, fontSize: 11 },
            encoding: { y: { field: "threshold", type: "quantitative" }, x: { field: "x", type: "quantitative", scale: null }, text: { field: "label" } },
          },
        ],
      },
      {
        width,
        height: rasterHeight,
        title: { text: "Output spikes", anchor: "start", fontSize: 13 },
        data: { name: "spikes" },
        mark: { type: "tick", thickness: 2, color: several ? undefined : COLORS.spike },
        encoding: { x, y: rasterY, ...color },
      },
    ],
    resolve: { scale: { color: "shared" } },
    config: { view: { stroke: "#dddddd" }, axis: { grid: true, gridColor: "#eeeeee", labelFontSize: 11, titleFontSize: 12 } },
  };
}

/**
 * One dashed line and one label per distinct threshold, naming the neurons it belongs to; the
 * labels step left along the line so close thresholds do not print on top of each other.
 */
function thresholdLabels(thresholds: readonly number[], width: number): { threshold: number; label: string; x: number }[] {
  const distinct = [...new Set(thresholds)].sort((a, b) => a - b);
  if (distinct.length === 1) return [{ threshold: distinct[0], label: "threshold", x: width }];
  const owners = (value: number) => thresholds.flatMap((t, i) => (t === value ? [String(i)] : []));
  if (distinct.length > MAX_THRESHOLD_LABELS) {
    return distinct.map((threshold, k) => ({ threshold, label: k === distinct.length - 1 ? "thresholds, one per neuron" : "", x: width }));
  }
  const step = Math.floor(width / MAX_THRESHOLD_LABELS);
  return distinct.map((threshold, k) => {
    const who = owners(threshold);
    return { threshold, label: `threshold of neuron${who.length > 1 ? "s" : ""} ${who.join(", ")}`, x: width - k * step };
  });
}

/** Inputs that are all 0 or 1, with at least one 1: a spike train. */
function spikeInput(inputs: Currents): boolean {
  return inputs.values.some((x) => x === 1) && inputs.values.every((x) => x === 0 || x === 1);
}
