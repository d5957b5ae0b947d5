/**
 * `spikeloop scope`'s server against the emulated board, without a browser: who may connect
 * (loopback only, Host and Origin checked, only its own files), bounded and validated messages,
 * and what the controls do to the run (pause, the amplitude slider, live edits, the downloads).
 * The browser side is test/scope-browser.test.ts.
 */
import { request } from "node:http";
import { networkInterfaces } from "node:os";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import { Device } from "../../src/host/client/device.ts";
import { connectJohnnyFive } from "../../src/host/johnny-five/index.ts";
import { parseInputSpec } from "../../src/host/runner/inputs.ts";
import { openRunTarget, type RunTarget } from "../../src/host/runner/target.ts";
import { isLoopback } from "../../src/host/scope/guard.ts";
import { patternInput } from "../../src/host/scope/live-input.ts";
import { MAX_MESSAGE_BYTES } from "../../src/host/scope/messages.ts";
import { openScope, type Scope } from "../../src/host/scope/scope.ts";
import { createEmulatorNetworkBackend, createTsNetworkBackend, type NetworkBackend } from "../../src/host/network/backends.ts";
import { formatNetworkTraceCsv, readNetworkFile } from "../../src/host/network/files.ts";

const LEAKY = { model: "Leaky", neurons: 2, beta: 0.5, threshold: 1, reset_mechanism: "subtract" };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let open: { scope: Scope; target?: RunTarget }[] = [];
afterEach(async () => {
  for (const { scope, target } of open) {
    await scope.close();
    await target?.close();
  }
  open = [];
});

async function startScope(config: Record<string, unknown> = LEAKY, input = "constant:amplitude=0.3", periodMs = 2): Promise<Scope> {
  const target = await openRunTarget("emulator");
  const source = parseInputSpec(input, config.neurons as number, 100);
  if (source.kind !== "currents") throw new Error("a generated input");
  const scope = await openScope(target, config, patternInput(source, input.split(":")[0]), { periodMs, deviceName: "emulator" });
  open.push({ scope, target });
  return scope;
}

function get(scope: Scope, path: string, host = `127.0.0.1:${scope.server.port}`): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: scope.server.port, path, headers: { Host: host } }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body, type: res.headers["content-type"] }));
    });
    req.on("error", reject);
    req.end();
  });
}

interface Client {
  ws: WebSocket;
  messages: { type: string; [key: string]: unknown }[];
  /** The first message of `type` from index `after` on that `accept`s (the periodic status may come first). */
  next(type: string, after?: number, accept?: (m: { [key: string]: unknown }) => boolean): Promise<{ type: string; [key: string]: unknown }>;
  send(message: unknown): void;
}

function connect(scope: Scope, options: { origin?: string; host?: string } = {}): Promise<Client> {
  const port = scope.server.port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
    ...(options.origin === undefined ? { origin: `http://127.0.0.1:${port}` } : options.origin === "" ? {} : { origin: options.origin }),
    headers: { Host: options.host ?? `127.0.0.1:${port}` },
  });
  const messages: Client["messages"] = [];
  ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
  const client: Client = {
    ws,
    messages,
    send: (m) => ws.send(typeof m === "string" ? m : JSON.stringify(m)),
    next: async (type, after = 0, accept = () => true) => {
      for (let i = 0; i < 500; i++) {
        const found = messages.slice(after).find((m) => m.type === type && accept(m));
        if (found !== undefined) return found;
        await wait(10);
      }
      throw new Error(`no ${type} message within 5 s (got ${messages.map((m) => m.type).join(", ")})`);
    },
  };
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(client));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

describe("scope server: who may connect", () => {
  it("listens on 127.0.0.1 only and serves its page and uPlot from the package", async () => {
    const scope = await startScope();
    expect(scope.url).toBe(`http://127.0.0.1:${scope.server.port}/`);
    const page = await get(scope, "/");
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/scope.js">');
    const uplot = await get(scope, "/vendor/uPlot.esm.js");
    expect(uplot.status).toBe(200);
    expect(uplot.type).toMatch(/^text\/javascript/);
    expect(uplot.body).toContain("uPlot");
    expect((await get(scope, "/", `localhost:${scope.server.port}`)).status).toBe(200);
    // Another address of this machine reaches nothing: the socket is bound to loopback.
    const other = Object.values(networkInterfaces()).flat().find((a) => a !== undefined && a.family === "IPv4" && !a.internal);
    if (other === undefined) {
      console.warn("scope-server: this machine has no non-loopback IPv4 address; the bind check against one did NOT run");
    } else {
      const refused = await new Promise<string>((resolve) => {
        const req = request({ host: other.address, port: scope.server.port, path: "/" }, () => resolve("answered"));
        req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
        req.end();
      });
      expect(refused).toBe("ECONNREFUSED");
    }
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("192.168.1.20")).toBe(false);
    expect(isLoopback("::ffff:10.0.0.1")).toBe(false);
  });

  it("serves no other file: paths that climb out are not found", async () => {
    const scope = await startScope();
    for (const path of ["/../package.json", "/%2e%2e/package.json", "/vendor/../../package.json", "/vendor/%2e%2e%2f%2e%2e%2fpackage.json", "/server.ts", "/page/index.html", "//etc/passwd", "/vendor/uPlot.cjs.js"]) {
      const res = await get(scope, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('"name"');
    }
  });

  it("refuses a request whose Host is not its own (DNS rebinding)", async () => {
    const scope = await startScope();
    for (const host of ["evil.example:80", `evil.example:${scope.server.port}`, `127.0.0.1:${scope.server.port + 1}`, "127.0.0.1", "localhost"]) {
      const res = await get(scope, "/trace.csv", host);
      expect(res.status, host).toBe(403);
      expect(res.body).toContain("Host");
    }
  });

  it("refuses a WebSocket from another origin, from no origin, or with a foreign Host", async () => {
    const scope = await startScope();
    const port = scope.server.port;
    await expect(connect(scope, { origin: "http://evil.example" })).rejects.toThrow("refused: 403");
    await expect(connect(scope, { origin: `http://localhost:${port + 1}` })).rejects.toThrow("refused: 403");
    await expect(connect(scope, { origin: "" })).rejects.toThrow("refused: 403");
    await expect(connect(scope, { host: "evil.example", origin: "http://evil.example" })).rejects.toThrow("refused: 403");
    const good = await connect(scope);
    expect((await good.next("hello")).layer).toMatchObject({ model: "Leaky", neurons: 2 });
    good.ws.close();
  });
});

describe("scope server: messages", () => {
  it("closes on a message over the size limit (1009) and answers bad messages with a clear error", async () => {
    const scope = await startScope();
    const client = await connect(scope);
    await client.next("hello");
    const bad: [unknown, string][] = [
      ["{not json", "bad message: not JSON"],
      [[1, 2], "expected a JSON object"],
      [{ type: "reboot" }, 'unknown message type "reboot"'],
      [{ type: "gain", value: "2" }, "gain.value: expected a number from 0 to 10"],
      [{ type: "gain", value: 11 }, "gain.value: expected a number from 0 to 10"],
      [{ type: "gain", value: -1 }, "gain.value"],
      [{ type: "gain", value: 1, extra: true }, 'gain: unknown field "extra"'],
      [{ type: "edit" }, "edit: give beta, threshold or reset"],
      [{ type: "edit", beta: 1.5 }, "edit.beta: expected a number from 0 to 1"],
      [{ type: "edit", threshold: -1 }, "edit.threshold"],
      [{ type: "edit", reset: "sometimes" }, 'edit.reset: expected subtract, zero, none, got "sometimes"'],
      [{ type: "show", neurons: [0, 5] }, "show.neurons: 5 is not a neuron of 0 to 1"],
      [{ type: "show", neurons: [] }, "show.neurons: expected a list of 1 to 8"],
    ];
    for (const [message, error] of bad) {
      const before = client.messages.length;
      client.send(message);
      const reply = await client.next("error", before);
      expect(reply.message as string, JSON.stringify(message)).toContain(error);
    }
    const closed = new Promise<number>((resolve) => client.ws.once("close", (code) => resolve(code)));
    client.send(JSON.stringify({ type: "pause", pad: "x".repeat(MAX_MESSAGE_BYTES) }));
    expect(await closed).toBe(1009); // ws: "Max payload size exceeded"
    // The run goes on for the next page.
    const again = await connect(scope);
    expect((await again.next("hello")).type).toBe("hello");
    again.ws.close();
  });

  it("sends decimated frames whose spikes are the trace's", async () => {
    const scope = await startScope({ model: "Leaky", neurons: 3, beta: [0.5, 0.8, 0.9], threshold: 1, reset_mechanism: "zero" }, "constant:amplitude=0.3", 1);
    const client = await connect(scope);
    const hello = await client.next("hello");
    expect(hello.bucket).toBe(4); // 1 kHz: at most 250 buckets a second
    await wait(800);
    const frames = client.messages.filter((m) => m.type === "frame") as unknown as { from: number; bucket: number; buckets: number; mem: number[][]; spikes: number[] }[];
    expect(frames.length).toBeGreaterThan(3);
    const csv = (await get(scope, "/trace.csv")).body.trim().split("\n");
    expect(csv[0]).toBe("step,neuron,input,mem,spk");
    const rows = csv.slice(1).map((line) => line.split(",").map(Number));
    const traceSpikes = new Set(rows.filter((r) => r[4] !== 0).map((r) => `${r[0]}:${r[1]}`));
    for (const f of frames) {
      for (let s = 0; s < f.spikes.length; s += 2) expect(traceSpikes.has(`${f.spikes[s]}:${f.spikes[s + 1]}`)).toBe(true);
      // Each bucket's two membrane points are the extremes of its steps in the trace.
      for (let b = 0; b < f.buckets; b++) {
        const mem = rows.filter((r) => r[1] === 1 && r[0] >= f.from + b * f.bucket && r[0] < f.from + (b + 1) * f.bucket).map((r) => r[3]);
        if (mem.length < f.bucket) continue; // recorded before the ring's start
        expect([...f.mem[1].slice(2 * b, 2 * b + 2)].sort((x, y) => x - y)).toEqual([Math.min(...mem), Math.max(...mem)]);
      }
    }
    const frameSpikes = frames.reduce((k, f) => k + f.spikes.length / 2, 0);
    const last = frames.at(-1)!;
    const covered = rows.filter((r) => r[4] !== 0 && r[0] >= frames[0].from && r[0] < last.from + last.buckets * last.bucket).length;
    expect(frameSpikes).toBe(covered);
    expect(frameSpikes).toBeGreaterThan(10);

    // Another choice of neurons: confirmed to every page, and the frames from then on carry them.
    const before = client.messages.length;
    client.send({ type: "show", neurons: [2, 0] });
    expect((await client.next("shown", before)).neurons).toEqual([2, 0]);
    const shown = (await client.next("frame", before, (m) => (m.neurons as number[]).join() === "2,0")) as unknown as { mem: number[][]; buckets: number };
    expect(shown.mem.map((series) => series.length)).toEqual([2 * shown.buckets, 2 * shown.buckets]);
  });
});

describe("scope server: controls", () => {
  /** x_t = mem_t − beta·mem_{t−1} for a Leaky neuron that never fires: the input the board used. */
  const boardInputs = (rows: number[][], beta: number) => rows.slice(1).map((r, t) => +(r[3] - beta * rows[t][3]).toFixed(9));

  it("pause stops the steps, resume goes on; the slider changes the input the board runs on", async () => {
    const scope = await startScope({ model: "Leaky", neurons: 1, beta: 0.5, threshold: 100, reset_mechanism: "none" }, "step:amplitude=0.2,start=0");
    const client = await connect(scope);
    await client.next("hello");
    // Some steps at the first amplitude before the pause (a loaded machine may not have run any yet).
    await client.next("frame", 0, (m) => (m.from as number) + (m.buckets as number) * (m.bucket as number) >= 5);
    let before = client.messages.length;
    client.send({ type: "pause" });
    expect((await client.next("status", before, (m) => m.paused === true)).paused).toBe(true);
    await wait(100);
    const held = scope.run.steps;
    await wait(300);
    expect(scope.run.steps).toBe(held);
    before = client.messages.length;
    client.send({ type: "gain", value: 2.5 });
    expect((await client.next("status", before, (m) => m.gain === 2.5)).paused).toBe(true);
    // An edit while paused is applied at once and the run stays paused.
    before = client.messages.length;
    client.send({ type: "edit", threshold: 90 });
    expect(((await client.next("layer", before)).layer as { thresholds: number[] }).thresholds).toEqual([90]);
    await wait(200);
    expect(scope.run.steps).toBe(held);
    expect(scope.run.paused).toBe(true);
    const changedAt = scope.run.steps;
    before = client.messages.length;
    client.send({ type: "resume" });
    expect((await client.next("status", before, (m) => m.paused === false)).gain).toBe(2.5);
    await wait(300);
    expect(scope.run.steps).toBeGreaterThan(held + 20);
    const rows = (await get(scope, "/trace.csv")).body.trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
    const x = boardInputs(rows, 0.5);
    expect(changedAt).toBeGreaterThanOrEqual(5);
    expect(x.slice(0, changedAt - 1).every((v) => v === 0.2)).toBe(true);
    expect(x.slice(changedAt - 1).every((v) => v === 0.5)).toBe(true); // 2.5 × 0.2, computed by the board
    // The CSV's input column is, step by step, the input the board computed with.
    expect(rows.slice(1).map((r) => r[2])).toEqual(x);
  });

  it("on a board's own clock, each step's recorded input is the one it ran on, even when the input changes between its ticks", async () => {
    // The emulated board on Node's timers: it steps without waiting for the host, so an input
    // sent after a report can arrive after the next tick (or, here, well before it).
    const emulator = await NodeMcuEmulator.create({ clock: "real", startup: "main" });
    const device = await Device.open(openEmulatorLink(emulator));
    const source = parseInputSpec("step:amplitude=0.2,start=3", 1, 6);
    if (source.kind !== "currents") throw new Error("a generated input");
    const scope = await openScope({ device }, { model: "Leaky", neurons: 1, beta: 0.5, threshold: 100, reset_mechanism: "none" }, patternInput(source, "step"), { periodMs: 1 });
    try {
      await wait(1500);
      await scope.run.stop();
      const rows = (await get(scope, "/trace.csv")).body.trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
      expect(rows.length).toBeGreaterThan(200);
      const x = boardInputs(rows, 0.5);
      expect(new Set(x)).toEqual(new Set([0, 0.2]));
      expect(rows.slice(1).map((r) => r[2])).toEqual(x);
    } finally {
      await scope.close();
      await device.close();
      await emulator.close();
    }
  });

  it("a live edit of beta and threshold reconfigures between steps and the membrane carries on", async () => {
    const scope = await startScope({ model: "Leaky", neurons: 1, beta: 0.5, threshold: 100, reset_mechanism: "none" }, "constant:amplitude=0.1");
    const client = await connect(scope);
    await client.next("hello");
    await wait(200);
    let before = client.messages.length;
    client.send({ type: "edit", beta: 0.9, threshold: 50 });
    const layer = (await client.next("layer", before)).layer as { beta: number[]; thresholds: number[]; reset: string };
    expect(layer).toMatchObject({ beta: [0.9], thresholds: [50], reset: "none" });
    await wait(200);
    const rows = (await get(scope, "/trace.csv")).body.trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
    // Every step follows beta 0.5 up to one step, then beta 0.9 from there: no restart from 0.
    const switchAt = rows.findIndex((r, t) => t > 0 && Math.abs(r[3] - (0.5 * rows[t - 1][3] + 0.1)) > 1e-12);
    expect(switchAt).toBeGreaterThan(10);
    for (let t = 1; t < rows.length; t++) {
      const beta = t < switchAt ? 0.5 : 0.9;
      expect(rows[t][3]).toBeCloseTo(beta * rows[t - 1][3] + 0.1, 12);
    }
    // A reset the model refuses is an error for the sender; the running layer stays.
    before = client.messages.length;
    client.send({ type: "edit", reset: "zero", beta: 0 });
    const next = await Promise.race([client.next("layer", before), client.next("error", before)]);
    expect(next.type).toBe("layer"); // beta 0 is valid for Leaky
    const alpha = await startScope({ model: "Alpha", neurons: 1, alpha: 0.9, beta: 0.8 });
    const alphaClient = await connect(alpha);
    await alphaClient.next("hello");
    before = alphaClient.messages.length;
    alphaClient.send({ type: "edit", beta: 0.95 });
    expect((await alphaClient.next("error", before)).message).toContain("Alpha needs alpha > beta");
    const stepsThen = alpha.run.steps;
    await wait(200);
    expect(alpha.run.steps).toBeGreaterThan(stepsThen);
  });

  it("downloads the trace in simulate's layout and the figure as SVG", async () => {
    const scope = await startScope();
    await wait(300);
    const csv = await get(scope, "/trace.csv");
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split("\n");
    expect(lines[0]).toBe("step,neuron,input,mem,spk");
    expect(lines[1]).toBe("0,0,0.3,0.3,0.0");
    const svg = await get(scope, "/figure.svg?steps=50&neurons=1");
    expect(svg.status).toBe(200);
    expect(svg.body).toMatch(/^<svg/);
    expect(svg.body).toContain("Membrane potential");
    expect((await get(scope, "/figure.svg?neurons=7")).status).toBe(400);
  });

  it("runs on the Device johnny-five shares its connection with, and johnny-five still drives pins", async () => {
    const require = createRequire(import.meta.url);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- johnny-five ships no types
    const five = require("johnny-five") as any;
    const emulator = await NodeMcuEmulator.create({ clock: "real", startup: "main" });
    const { board, device, close } = await connectJohnnyFive(openEmulatorLink(emulator), { timeoutMs: 5000 });
    const source = parseInputSpec("constant:amplitude=0.6", 1, 10);
    if (source.kind !== "currents") throw new Error("a generated input");
    const scope = await openScope({ device }, { model: "Leaky", neurons: 1, beta: 0.5 }, patternInput(source, "constant"), { periodMs: 5 });
    try {
      const client = await connect(scope);
      await client.next("hello");
      await client.next("frame");
      const led = new five.Led({ pin: 3, board });
      led.on();
      await wait(100);
      expect(emulator.pins.state(3).pwm).toMatchObject({ duty: 1023, running: true });
      const steps = scope.run.steps;
      await wait(200);
      expect(scope.run.steps).toBeGreaterThan(steps);
      const spikes = client.messages.filter((m) => m.type === "frame").reduce((k, f) => k + (f.spikes as number[]).length, 0);
      expect(spikes).toBeGreaterThan(0);
      client.ws.close();
    } finally {
      await scope.close();
      await close();
      await emulator.close();
    }
  });
});

describe("scope server: a network", () => {
  const NET = "examples/network/net.json";

  async function startNetworkScope(input: string, periodMs = 2): Promise<Scope> {
    const network = await readNetworkFile(NET);
    const target = await openRunTarget("emulator");
    const source = parseInputSpec(input, network.inputs, 100, "channel");
    if (source.kind !== "currents") throw new Error("a generated input");
    const scope = await openScope(target, { network }, patternInput(source, input.split(":")[0]), { periodMs, deviceName: "emulator" });
    open.push({ scope, target });
    return scope;
  }

  it("runs the network live: frames of the output layer, a network trace CSV equal to simulate --network's, another layer on request, edits refused", async () => {
    const scope = await startNetworkScope("constant:amplitude=0.8");
    const client = await connect(scope);
    const hello = await client.next("hello");
    expect(hello.network).toEqual({ inputs: 2, layers: [{ model: "Leaky", neurons: 8 }, { model: "Leaky", neurons: 2 }] });
    expect(hello.layer).toMatchObject({ model: "Leaky", neurons: 2, index: 1 });
    await wait(500);
    let before = client.messages.length;
    client.send({ type: "pause" });
    await client.next("status", before, (m) => m.paused === true);
    await wait(100);
    const steps = scope.run.steps;
    expect(steps).toBeGreaterThan(50);

    // The download is the network trace, every step of every layer: to the last digit what
    // `simulate --network --backend emulator` gives for the same inputs (the same device code in
    // lockstep), and with the spikes of the ts backend (which rounds this float32 network's
    // arithmetic to float32, as torch does; the Lua VM computes in doubles).
    const csv = (await get(scope, "/trace.csv")).body;
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("step,layer,neuron,input,mem,spk");
    expect(lines.length - 1).toBe(steps * (8 + 2));
    const network = await readNetworkFile(NET);
    const currents = { steps, channels: 2, values: new Float64Array(steps * 2).fill(0.8) };
    const simulated = async (backend: NetworkBackend) => {
      try {
        return formatNetworkTraceCsv(await backend.simulate(network, currents), false);
      } finally {
        await backend.close();
      }
    };
    expect(csv).toBe(await simulated(createEmulatorNetworkBackend()));
    const spikesOf = (text: string) => text.trim().split("\n").slice(1).map((l) => l.split(",")).filter((r) => Number(r[5]) !== 0).map((r) => r.slice(0, 3).join(":"));
    expect(spikesOf(csv)).toEqual(spikesOf(await simulated(createTsNetworkBackend())));
    const outputSpikes = lines.slice(1).map((l) => l.split(",").map(Number)).filter((r) => r[1] === 1 && r[5] !== 0);
    expect(outputSpikes.length).toBeGreaterThan(5);

    // The frames show the output layer (layer 1): their spikes are its spikes in the trace.
    const traceSpikes = new Set(outputSpikes.map((r) => `${r[0]}:${r[2]}`));
    const frames = client.messages.filter((m) => m.type === "frame") as unknown as { layer: number; from: number; bucket: number; buckets: number; spikes: number[] }[];
    expect(frames.length).toBeGreaterThan(3);
    let frameSpikes = 0;
    for (const f of frames) {
      expect(f.layer).toBe(1);
      for (let k = 0; k < f.spikes.length; k += 2, frameSpikes++) expect(traceSpikes.has(`${f.spikes[k]}:${f.spikes[k + 1]}`)).toBe(true);
    }
    // Every spike of the steps the frames cover (the bucket open at the pause is not sent yet).
    const last = frames.at(-1)!;
    expect(frameSpikes).toBe(outputSpikes.filter((r) => r[0] < last.from + last.buckets * last.bucket).length);

    // Live edits are for one layer: refused clearly, the run goes on.
    before = client.messages.length;
    client.send({ type: "edit", beta: 0.5 });
    expect((await client.next("error", before)).message).toContain("not for a network");
    before = client.messages.length;
    client.send({ type: "view", layer: 2 });
    expect((await client.next("error", before)).message).toContain("view.layer: expected a layer of 0 to 1, got 2");

    // Layer 0 on request: every page told, and the frames from then on are its 8 neurons'.
    before = client.messages.length;
    client.send({ type: "view", layer: 0 });
    const view = await client.next("view", before);
    expect(view.layer).toMatchObject({ model: "Leaky", neurons: 8, index: 0 });
    expect(view.shown).toEqual([0, 1, 2, 3]);
    client.send({ type: "resume" });
    const frame = (await client.next("frame", before, (m) => m.layer === 0)) as unknown as { neurons: number[]; input: number[][]; spikes: number[] };
    expect(frame.neurons).toEqual([0, 1, 2, 3]);
    expect(frame.input).toHaveLength(4);
    const svg = await get(scope, "/figure.svg?steps=50&neurons=5,7");
    expect(svg.status).toBe(200);
    expect(svg.body).toContain("layer 0 (Leaky) of the network");
    expect((await get(scope, "/figure.svg?neurons=8")).status).toBe(400);
  });
});
