// The scope's page: receives the host's decimated frames over the WebSocket and draws them with
// uPlot, four charts on one time axis (seconds since the run began), scrolling as steps arrive.
// Each bucket of the host's frames brings two points per shown neuron (its extremes, in order),
// so a fast run draws as an envelope, like a peak-detecting oscilloscope. docs/scope.md.
import uPlot from "/vendor/uPlot.esm.js";

// The static plots' colours (src/host/plot/figure.ts): Vega's category10 for several neurons;
// one neuron draws its input orange and its membrane blue; thresholds grey and dashed.
const CATEGORY = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];
const ONE = { input: "#d98c1f", mem: "#1f6fb4", threshold: "#7a7a7a", spike: "#111111" };
const ADC_COLOR = "#6d4aa3";
/** Longest window the page keeps (s); the select offers up to this. */
const KEEP_SECONDS = 30;
/** Spikes the test hook keeps (window.scope.spikes). */
const KEEP_SPIKES = 200000;

const $ = (id) => document.getElementById(id);
const state = {
  hello: undefined,
  layer: undefined,
  shown: [],
  windowS: 10,
  // Point data of the input, membrane and threshold charts (two points per bucket).
  x: [],
  input: [],
  mem: [],
  threshold: [],
  adc: [],
  // Spike raster (s, neuron) and rate points (one per bucket).
  spikeX: [],
  spikeY: [],
  rateX: [],
  rate: [],
  counts: [],
  lastStep: -1,
  dirty: false,
  frames: 0,
  paused: false,
  ended: false,
};
// For tests and the curious: what the page has received (window.scope in the console).
window.scope = { frames: 0, draws: 0, lastStep: -1, spikes: [], hello: undefined, errors: [], status: undefined, charts: {} };

const colorOf = (i) => (state.layer.neurons === 1 ? ONE.mem : CATEGORY[i % CATEGORY.length]);
const inputColorOf = (i) => (state.layer.neurons === 1 ? ONE.input : CATEGORY[i % CATEGORY.length]);
const seconds = (step) => (step * state.hello.periodMs) / 1000;

let socket;
let charts = {};

function connect() {
  socket = new WebSocket(`ws://${location.host}/ws`);
  socket.onmessage = (event) => receive(JSON.parse(event.data));
  socket.onclose = (event) => {
    if (!state.ended) setState("ended", `disconnected${event.reason ? `: ${event.reason}` : ""}`);
    setMessage(`The connection closed (code ${event.code}${event.reason ? `, ${event.reason}` : ""}).`);
  };
}

function send(message) {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function receive(m) {
  switch (m.type) {
    case "hello":
      return onHello(m);
    case "frame":
      return onFrame(m);
    case "status":
      return onStatus(m);
    case "layer": {
      const before = sameThresholds();
      state.layer = m.layer;
      showLayer();
      // Charts are rebuilt (keeping their data) only when the threshold lines change in number.
      return before === sameThresholds() ? undefined : rebuild(true);
    }
    case "view":
      // A network's other layer: its neurons, its first ones shown, the charts afresh (its recent
      // past follows as frames, as for a new page).
      state.layer = m.layer;
      state.shown = m.shown;
      state.spikeX = [];
      state.spikeY = [];
      state.lastStep = -1;
      window.scope.spikes = [];
      $("shown").value = m.shown.join(",");
      $("layer").value = String(m.layer.index);
      showLayer();
      return rebuild();
    case "shown":
      // The host draws these from its next bucket on (frames say whose values they carry).
      state.shown = m.neurons;
      $("shown").value = m.neurons.join(",");
      return rebuild();
    case "error":
      window.scope.errors.push(m.message);
      return setMessage(m.message);
    case "ended":
      state.ended = true;
      setState("ended", m.error ? "failed" : "ended");
      return setMessage(m.error ? `The run stopped: ${m.error}` : `The run ended after ${m.steps} steps.`);
  }
}

function onHello(m) {
  state.hello = m;
  state.layer = m.layer;
  state.shown = m.shown;
  window.scope.hello = m;
  const ms = m.periodMs;
  const what = m.network === undefined ? `${m.layer.model} × ${m.layer.neurons}` : `network ${[m.network.inputs, ...m.network.layers.map((l) => `${l.neurons} ${l.model}`)].join(" → ")}`;
  $("what").textContent = `${what} · ${m.input.description} · ${ms} ms per step (${formatHz(1000 / ms)}) · ${m.device}`;
  $("shown").value = m.shown.join(",");
  $("pause").disabled = false;
  setupInput(m.input);
  if (m.network !== undefined) setupNetwork(m.network);
  showLayer();
  onStatus(m.status);
  rebuild();
}

function formatHz(hz) {
  return hz >= 1000 ? `${+(hz / 1000).toFixed(2)} kHz` : `${+hz.toFixed(1)} Hz`;
}

function setupInput(input) {
  $("input-what").textContent = input.description;
  const gain = $("gain");
  if (input.kind === "fixed" || input.amplitude === 0) {
    gain.disabled = true;
    $("gain-out").textContent = "fixed";
    $("gain-note").textContent = "The slider scales shape inputs (constant, step, pulse, current-spike) and analog inputs.";
    return;
  }
  gain.disabled = false;
  gain.max = String(input.amplitude * input.maxGain);
  gain.step = String((input.amplitude * input.maxGain) / 1000);
  gain.value = String(input.amplitude * input.gain);
  $("gain-note").textContent = input.kind === "analog" ? "The input a full-scale ADC reading gives." : `×${input.gain.toFixed(2)} of the given amplitude`;
  showGain(input.gain);
  gain.oninput = () => {
    const g = Number(gain.value) / input.amplitude;
    showGain(g);
    send({ type: "gain", value: Math.min(g, input.maxGain) });
  };
}

function showGain(g) {
  const input = state.hello.input;
  $("gain-out").textContent = (input.amplitude * g).toPrecision(3);
  if (input.kind !== "analog") $("gain-note").textContent = `×${g.toFixed(2)} of the given amplitude (${input.amplitude})`;
}

/** A network: a choice of layer; the live edits are for one layer, so they are off. */
function setupNetwork(network) {
  const select = $("layer");
  const last = network.layers.length - 1;
  select.replaceChildren(
    ...network.layers.map((l, k) => {
      const option = document.createElement("option");
      option.value = String(k);
      option.textContent = `${k}: ${l.model} × ${l.neurons}${k === last ? " (output)" : ""}`;
      return option;
    }),
  );
  select.value = String(state.layer.index);
  select.hidden = false;
  $("layer-label").hidden = false;
  select.onchange = () => send({ type: "view", layer: Number(select.value) });
  $("input-title").textContent = "Input current (the layer's Linear output)";
  $("edit-note").textContent = "Live edits are for a single layer; a network's come from its file.";
}

function showLayer() {
  const layer = state.layer;
  if (state.hello.network !== undefined) {
    // Edits are off; the threshold and reset show the viewed layer's.
    $("threshold").value = String(layer.thresholds[0]);
    $("reset").value = layer.reset;
    return;
  }
  const beta = $("beta");
  const threshold = $("threshold");
  const reset = $("reset");
  if (layer.beta !== undefined) {
    beta.disabled = false;
    beta.value = String(layer.beta[0]);
    const same = layer.beta.every((b) => b === layer.beta[0]);
    $("beta-out").textContent = same ? String(layer.beta[0]) : `${Math.min(...layer.beta)}–${Math.max(...layer.beta)}`;
  }
  threshold.disabled = false;
  threshold.value = String(layer.thresholds[0]);
  reset.disabled = false;
  reset.value = layer.reset;
}

let editTimer;
function editSoon(edit) {
  clearTimeout(editTimer);
  editTimer = setTimeout(() => send({ type: "edit", ...edit }), 120);
}

$("beta").oninput = () => {
  $("beta-out").textContent = $("beta").value;
  editSoon({ beta: Number($("beta").value) });
};
$("threshold").onchange = () => {
  const x = Number($("threshold").value);
  if ($("threshold").value === "" || !Number.isFinite(x) || x < 0) return setMessage("threshold: a number ≥ 0");
  send({ type: "edit", threshold: x });
};
$("reset").onchange = () => send({ type: "edit", reset: $("reset").value });
$("pause").onclick = () => send({ type: state.paused ? "resume" : "pause" });
$("window").onchange = () => {
  state.windowS = Number($("window").value);
  state.dirty = true;
};
$("shown").onchange = () => {
  const text = $("shown").value.trim();
  const neurons = text.split(/[\s,]+/).filter(Boolean).map(Number);
  if (neurons.length === 0 || neurons.some((i) => !Number.isInteger(i))) return setMessage("neurons: whole numbers separated by commas, such as 0,1,2");
  send({ type: "show", neurons });
};
$("svg").onclick = (event) => {
  event.preventDefault();
  download(`/figure.svg?steps=${Math.max(1, Math.round((state.windowS * 1000) / state.hello.periodMs))}&neurons=${state.shown.join(",")}`, "figure.svg");
};
$("csv").onclick = (event) => {
  event.preventDefault();
  download("/trace.csv", "trace.csv");
};

async function download(url, name) {
  const response = await fetch(url);
  if (!response.ok) return setMessage(`${name}: ${await response.text()}`);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function onStatus(s) {
  window.scope.status = s;
  state.paused = s.paused;
  if (!state.ended) setState(s.paused ? "paused" : "running", s.paused ? "paused" : "running");
  $("pause").textContent = s.paused ? "Resume" : "Pause";
  $("pause").classList.toggle("paused", s.paused);
  $("step").textContent = s.steps.toLocaleString("en");
  const realtime = 1000 / state.hello.periodMs;
  $("speed").textContent = s.paused ? "–" : `${formatHz(s.stepsPerSecond)} (${(s.stepsPerSecond / realtime).toFixed(2)}×)`;
  if (s.reading !== undefined && s.reading !== null) showReading(s.reading);
}

function showReading(reading) {
  const input = state.hello.input;
  $("adc").hidden = false;
  $("adc").textContent = `ADC ${Math.round(reading)} / 1024 → ${((reading / 1024) * input.amplitude * currentGain()).toPrecision(3)}`;
}

function currentGain() {
  const input = state.hello.input;
  return input.amplitude === 0 ? 1 : Number($("gain").value) / input.amplitude;
}

function setState(kind, text) {
  $("state").className = `pill ${kind}`;
  $("state").textContent = text;
}

function setMessage(text) {
  const box = $("message");
  box.hidden = false;
  box.textContent = text;
}

function onFrame(f) {
  state.frames++;
  window.scope.frames = state.frames;
  const half = f.bucket / 2;
  const k = f.input.length;
  // Frames built before a change of shown neurons carry the old ones' series: only their spikes count.
  const ours = f.neurons.join(",") === state.shown.join(",");
  const thresholds = state.shown.map((i) => state.layer.thresholds[i]);
  // A network's frames of a layer the page has left are dropped.
  if ((f.layer ?? null) !== (state.layer.index ?? null)) return;
  // The recent past a new page gets and the first live frame may overlap: each step counts once.
  const seen = state.lastStep;
  if (f.from + f.buckets * f.bucket - 1 <= seen) return;
  for (let b = 0; ours && b < f.buckets; b++) {
    const step = f.from + b * f.bucket;
    if (step <= seen) continue;
    for (const dx of [0, half]) state.x.push(seconds(step + dx));
    for (let j = 0; j < k; j++) {
      state.input[j].push(f.input[j][2 * b], f.input[j][2 * b + 1]);
      state.mem[j].push(f.mem[j][2 * b], f.mem[j][2 * b + 1]);
      state.threshold[j].push(thresholds[j], thresholds[j]);
    }
    if (state.hello.input.kind === "analog") {
      const reading = f.reading?.[b] ?? null;
      state.adc.push(reading, reading);
    }
  }
  if (f.reading !== undefined && f.reading.length > 0) showReading(f.reading[f.reading.length - 1]);
  countSpikes(f, seen);
  for (let s = 0; s < f.spikes.length; s += 2) {
    if (f.spikes[s] <= seen) continue;
    state.spikeX.push(seconds(f.spikes[s]));
    state.spikeY.push(f.spikes[s + 1]);
    window.scope.spikes.push([f.spikes[s], f.spikes[s + 1]]);
  }
  if (window.scope.spikes.length > KEEP_SPIKES) window.scope.spikes.splice(0, window.scope.spikes.length - KEEP_SPIKES);
  state.lastStep = f.from + f.buckets * f.bucket - 1;
  window.scope.lastStep = state.lastStep;
  trim();
  state.dirty = true;
}

/** Firing rate per bucket: spikes over the last `rateSteps` steps, in Hz, for the layer and each shown neuron. */
function countSpikes(f, seen) {
  const n = state.layer.neurons;
  const shownAt = new Map(state.shown.map((i, j) => [i, j]));
  const perBucket = Array.from({ length: f.buckets }, () => ({ all: 0, shown: new Array(state.shown.length).fill(0) }));
  for (let s = 0; s < f.spikes.length; s += 2) {
    if (f.spikes[s] <= seen) continue;
    const b = Math.floor((f.spikes[s] - f.from) / f.bucket);
    perBucket[b].all++;
    const j = shownAt.get(f.spikes[s + 1]);
    if (j !== undefined) perBucket[b].shown[j]++;
  }
  const span = rateBuckets();
  const periodS = state.hello.periodMs / 1000;
  for (let b = 0; b < f.buckets; b++) {
    if (f.from + b * f.bucket <= seen) continue;
    state.counts.push(perBucket[b]);
    if (state.counts.length > span) state.counts.shift();
    const seconds_ = state.counts.length * f.bucket * periodS;
    let all = 0;
    const shown = new Array(state.shown.length).fill(0);
    for (const c of state.counts) {
      all += c.all;
      c.shown.forEach((x, j) => (shown[j] += x));
    }
    state.rateX.push(seconds(f.from + (b + 1) * f.bucket));
    state.rate[0].push(all / n / seconds_);
    if (n > 1) shown.forEach((x, j) => state.rate[j + 1].push(x / seconds_));
  }
}

/** Buckets in the rate's window: 250 ms, or 25 steps when a step is longer than 10 ms. */
function rateBuckets() {
  const steps = Math.max(25, Math.round(250 / state.hello.periodMs));
  return Math.max(1, Math.round(steps / state.hello.bucket));
}

function trim() {
  const oldest = seconds(state.lastStep) - KEEP_SECONDS;
  let cut = 0;
  while (cut < state.x.length && state.x[cut] < oldest) cut++;
  if (cut > 0) {
    state.x.splice(0, cut);
    for (const a of [...state.input, ...state.mem, ...state.threshold]) a.splice(0, cut);
    if (state.adc.length > 0) state.adc.splice(0, cut);
  }
  let spikeCut = 0;
  while (spikeCut < state.spikeX.length && state.spikeX[spikeCut] < oldest) spikeCut++;
  state.spikeX.splice(0, spikeCut);
  state.spikeY.splice(0, spikeCut);
  let rateCut = 0;
  while (rateCut < state.rateX.length && state.rateX[rateCut] < oldest) rateCut++;
  state.rateX.splice(0, rateCut);
  for (const a of state.rate) a.splice(0, rateCut);
}

// ---- charts ----

function axisStyle(label, extra = {}) {
  return {
    label,
    labelSize: 18,
    labelFont: "600 11.5px system-ui, sans-serif",
    font: "11px system-ui, sans-serif",
    stroke: "#4b5563",
    grid: { stroke: "#eceef2", width: 1 },
    ticks: { stroke: "#d6d9df", width: 1, size: 4 },
    size: 52,
    ...extra,
  };
}

function timeAxis(show) {
  return axisStyle(show ? "time (s)" : "", { show, values: (u, ticks) => ticks.map((t) => +t.toFixed(3)), size: show ? 38 : 0 });
}

function baseOptions(width, height, series, axes, scales = {}) {
  return {
    width,
    height,
    series: [{ label: "t (s)", value: (u, v) => (v == null ? "–" : v.toFixed(3)) }, ...series],
    axes,
    scales: { x: { time: false, auto: false }, ...scales },
    cursor: { sync: { key: "scope", setSeries: false }, drag: { x: false, y: false } },
    legend: { live: false },
    padding: [8, 12, 6, 0],
  };
}

function sameThresholds() {
  return state.shown.every((i) => state.layer.thresholds[i] === state.layer.thresholds[state.shown[0]]);
}

/** The point series of the shown neurons, empty (a change of shown neurons starts them afresh). */
function clearData() {
  state.x = [];
  state.input = state.shown.map(() => []);
  state.mem = state.shown.map(() => []);
  state.threshold = state.shown.map(() => []);
  state.adc = [];
  state.rateX = [];
  state.rate = [[], ...state.shown.map(() => [])];
  state.counts = [];
  if (state.layer.neurons === 1) state.rate = [[]];
}

function rebuild(keepData = false) {
  if (state.hello === undefined) return;
  for (const c of Object.values(charts)) c.destroy();
  charts = {};
  const k = state.shown.length;
  if (!keepData) clearData();
  const width = $("charts").clientWidth - 22;
  const analog = state.hello.input.kind === "analog";

  const inputSeries = state.shown.map((i) => ({ label: `input ${i}`, stroke: inputColorOf(i), width: 1.6, points: { show: false } }));
  const inputAxes = [timeAxis(false), axisStyle("input")];
  const inputScales = {};
  if (analog) {
    inputSeries.push({ label: "ADC", stroke: ADC_COLOR, width: 1.2, dash: [3, 3], scale: "adc", points: { show: false } });
    inputAxes.push(axisStyle("ADC", { scale: "adc", side: 1, grid: { show: false } }));
    inputScales.adc = { auto: false, range: [0, 1024] };
  }
  charts.input = new uPlot(baseOptions(width, 130, inputSeries, inputAxes, inputScales), [[]], $("chart-input"));

  // One grey threshold line when the shown neurons share it, else one per neuron in its colour.
  state.sameThreshold = sameThresholds();
  const thresholdSeries = state.sameThreshold
    ? [{ label: "threshold", stroke: ONE.threshold, width: 1.3, dash: [6, 4], points: { show: false } }]
    : state.shown.map((i) => ({ label: `threshold ${i}`, stroke: colorOf(i), width: 1.3, dash: [6, 4], points: { show: false } }));
  const memSeries = [...state.shown.map((i) => ({ label: `neuron ${i}`, stroke: colorOf(i), width: 1.6, points: { show: false } })), ...thresholdSeries];
  charts.mem = new uPlot(baseOptions(width, 210, memSeries, [timeAxis(false), axisStyle("U_mem")]), [[]], $("chart-mem"));

  const n = state.layer.neurons;
  const rasterHeight = Math.max(110, Math.min(50 + 10 * n, 300));
  $("raster-note").textContent = n > 1 ? `all ${n} neurons${k > 0 ? "; coloured: the membranes shown" : ""}` : "";
  const shownSet = new Set(state.shown);
  const rasterSeries = [
    { label: "other neurons", stroke: ONE.spike, paths: rasterPaths((y) => !shownSet.has(y)), points: { show: false }, value: (u, v) => (v == null ? "–" : v) },
    ...state.shown.map((i) => ({ label: `spikes ${i}`, stroke: colorOf(i), paths: rasterPaths((y) => y === i), points: { show: false }, value: (u, v) => (v == null ? "–" : v) })),
  ];
  // Every neuron gets a tick while they fit; beyond, uPlot picks whole-number ticks.
  const every = (rasterHeight - 30) / n >= 10 ? { splits: () => Array.from({ length: n }, (_, i) => i) } : {};
  const rasterAxis = axisStyle("neuron", { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? t : "")), ...every });
  charts.raster = new uPlot(
    baseOptions(width, rasterHeight, rasterSeries, [timeAxis(false), rasterAxis], { y: { auto: false, range: [-0.7, n - 0.3] } }),
    [[]],
    $("chart-raster"),
  );
  charts.raster.root.querySelector(".u-legend").style.display = "none";

  const rateSeries = [
    { label: n > 1 ? "layer mean" : "rate", stroke: ONE.spike, width: 1.8, points: { show: false } },
    ...(n > 1 ? state.shown.map((i) => ({ label: `neuron ${i}`, stroke: colorOf(i), width: 1.2, points: { show: false } })) : []),
  ];
  charts.rate = new uPlot(baseOptions(width, 130, rateSeries, [timeAxis(true), axisStyle("Hz")], { y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } }), [[]], $("chart-rate"));
  $("rate-window").textContent = `${rateBuckets() * state.hello.bucket * state.hello.periodMs} ms`;
  window.scope.charts = charts;
  state.dirty = true;
}

/** Draws a spike as a short vertical tick at (time, neuron), for the spikes `keep` accepts. */
function rasterPaths(keep) {
  return (u, seriesIdx, idx0, idx1) => {
    const xs = u.data[0];
    const ys = u.data[seriesIdx];
    const path = new Path2D();
    const n = state.layer.neurons;
    const half = Math.max(1.5, (u.bbox.height / n) * 0.38);
    for (let i = idx0; i <= idx1; i++) {
      const y = ys[i];
      if (y == null || !keep(y)) continue;
      const px = Math.round(u.valToPos(xs[i], "x", true)) + 0.5;
      const py = u.valToPos(y, "y", true);
      path.moveTo(px, py - half);
      path.lineTo(px, py + half);
    }
    return { stroke: path, fill: null };
  };
}

function draw() {
  requestAnimationFrame(draw);
  if (!state.dirty || state.hello === undefined || charts.mem === undefined) return;
  state.dirty = false;
  window.scope.draws++;
  const end = Math.max(seconds(state.lastStep + 1), state.windowS);
  const range = { min: end - state.windowS, max: end };
  const batch = (chart, data) => {
    chart.batch(() => {
      chart.setData(data, true);
      chart.setScale("x", range);
    });
  };
  const inputData = [state.x, ...state.input];
  if (state.hello.input.kind === "analog") inputData.push(state.adc);
  batch(charts.input, inputData);
  batch(charts.mem, [state.x, ...state.mem, ...(state.sameThreshold ? state.threshold.slice(0, 1) : state.threshold)]);
  batch(charts.raster, [state.spikeX, state.spikeY, ...state.shown.map(() => state.spikeY)]);
  batch(charts.rate, [state.rateX, ...state.rate]);
}

let resizeTimer;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const width = $("charts").clientWidth - 22;
    for (const c of Object.values(charts)) c.setSize({ width, height: c.height });
  }, 100);
});

connect();
requestAnimationFrame(draw);
