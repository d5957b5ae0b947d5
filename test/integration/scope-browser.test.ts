/**
 * `spikeloop scope` in a real browser: Debian's chromium driven by puppeteer-core (no browser
 * download) against the built CLI and the emulated board. The page loads and receives steps, its
 * raster shows exactly the spikes of a known layer (and of a network's layers), its slider changes
 * the input the board runs on, a sensor-driven run shows the ADC reading, and a screenshot is taken.
 *
 * Slow (a browser per test). Without chromium it does not run and says so; CI installs chromium
 * and sets SPIKELOOP_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { openBackend } from "../../src/host/backends/index.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { ADC_FULL_SCALE, startAnalogInput } from "../../src/host/runner/analog.ts";
import { parseInputSpec } from "../../src/host/runner/inputs.ts";
import { openRunTarget } from "../../src/host/runner/target.ts";
import { analogLiveInput } from "../../src/host/scope/live-input.ts";
import { openScope } from "../../src/host/scope/scope.ts";
import { CLI } from "../helpers/cli.ts";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const REQUIRED = process.env.SPIKELOOP_REQUIRE_BROWSER === "1";
if (CHROMIUM === undefined) {
  const line = "=".repeat(78);
  console.warn(`\n${line}\nscope-browser: chromium is NOT installed, so the browser tests of \`spikeloop scope\` did NOT run.\nInstall it: apt-get install chromium (.ci/run does).\n${line}\n`);
}
const run = CHROMIUM !== undefined || REQUIRED ? describe : describe.skip;

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let browser: Browser;
let profile: string;
let work: string;

/** Starts `spikeloop scope … --no-open` and resolves with its URL (stdout's first line). */
function startCli(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, "scope", ...args, "--no-open"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", (url) => resolve({ url, child }));
    child.once("exit", (code) => reject(new Error(`spikeloop scope exited with ${code}: ${stderr}`)));
  });
}

async function stopCli(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  return exited;
}

async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("requestfailed", (req) => errors.push(`request failed: ${req.url()}`));
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: "load" });
  return { page, errors };
}

/** Waits until the page has drawn through step `step`. */
async function untilStep(page: Page, step: number): Promise<void> {
  await page.waitForFunction((s: number) => (globalThis as unknown as { scope: { lastStep: number } }).scope.lastStep >= s, { timeout: 20_000 }, step);
}

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve(body));
    }).on("error", reject);
  });
}

run("spikeloop scope in chromium", () => {
  beforeAll(async () => {
    if (CHROMIUM === undefined) throw new Error("SPIKELOOP_REQUIRE_BROWSER=1 but chromium is not installed (apt-get install chromium)");
    profile = mkdtempSync(join(tmpdir(), "spikeloop-chromium-"));
    work = mkdtempSync(join(tmpdir(), "spikeloop-scope-"));
    browser = await puppeteer.launch({ executablePath: CHROMIUM, args: [...FLAGS, `--user-data-dir=${profile}`] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("loads, receives steps, and its raster shows exactly the spikes of the layer's trace", async () => {
    const config = { model: "Leaky", neurons: 4, beta: [0.5, 0.8, 0.9, 0.95], threshold: 1, reset_mechanism: "zero" };
    writeFileSync(join(work, "layer.json"), JSON.stringify(config));
    const pattern = 200;
    const { url, child } = await startCli(["--config", join(work, "layer.json"), "--input", "step:amplitude=0.3,start=20", "--steps", String(pattern), "--period", "2"]);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const { page, errors } = await openPage(url);
      await untilStep(page, 1200);
      const seen = await page.evaluate(() => {
        const s = (globalThis as unknown as { scope: { frames: number; charts: Record<string, { data: number[][]; scales: { x: { min: number; max: number } } }> } }).scope;
        const raster = s.charts.raster;
        return { frames: s.frames, x: Array.from(raster.data[0]), y: Array.from(raster.data[1]), min: raster.scales.x.min, max: raster.scales.x.max };
      });
      expect(seen.frames).toBeGreaterThan(5);
      expect(errors).toEqual([]);

      // The reference: the same layer over the pattern repeated, on the TypeScript kernels.
      const steps = 1200;
      const source = parseInputSpec("step:amplitude=0.3,start=20", 4, pattern);
      if (source.kind !== "currents") throw new Error("a generated input");
      const values = new Float64Array(steps * 4);
      for (let t = 0; t < steps; t++) values.set(source.currents.values.subarray((t % pattern) * 4, (t % pattern + 1) * 4), t * 4);
      const backend = await openBackend("ts");
      const trace = await backend.simulate(parseLayerConfig(config), { steps, channels: 4, values });
      await backend.close();
      const expected: string[] = [];
      for (let t = 0; t < steps; t++) for (let i = 0; i < 4; i++) if (trace.values[(t * 4 + i) * 2 + 1] !== 0) expected.push(`${t}:${i}`);

      // What the raster chart holds (time in s → step at 2 ms per step), over the steps compared.
      const drawn = seen.x.map((s, k) => `${Math.round(s * 500)}:${seen.y[k]}`).filter((key) => Number(key.split(":")[0]) < steps);
      expect(drawn).toEqual(expected);
      expect(expected.length).toBeGreaterThan(50);
      expect(seen.max - seen.min).toBeCloseTo(10, 6); // the 10 s window
      await page.close();
    } finally {
      expect(await stopCli(child)).toBe(0);
    }
  });

  it("the slider changes the input the board receives", async () => {
    writeFileSync(join(work, "one.json"), JSON.stringify({ model: "Leaky", neurons: 1, beta: 0.5, threshold: 100, reset_mechanism: "none" }));
    const { url, child } = await startCli(["--config", join(work, "one.json"), "--input", "constant:amplitude=0.2", "--period", "5"]);
    try {
      const { page } = await openPage(url);
      await untilStep(page, 20);
      // As a user drags it: the value changes, then the page hears an input event.
      await page.evaluate(`(() => { const slider = document.getElementById("gain"); slider.value = "0.5"; slider.dispatchEvent(new Event("input")); })()`);
      await page.waitForFunction(() => (globalThis as unknown as { scope: { status?: { gain: number } } }).scope.status?.gain === 2.5, { timeout: 10_000 });
      const at = await page.evaluate(() => (globalThis as unknown as { scope: { lastStep: number } }).scope.lastStep);
      await untilStep(page, at + 60);
      expect(await page.$eval("#gain-out", (e) => e.textContent)).toBe("0.500");
      const rows = (await fetchText(`${url}trace.csv`)).trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
      // The input the board computed with: x_t = mem_t − 0.5·mem_{t−1} (it never fires).
      const x = rows.slice(1).map((r, t) => +(r[3] - 0.5 * rows[t][3]).toFixed(9));
      const change = x.indexOf(0.5);
      expect(change).toBeGreaterThan(10);
      expect(x.slice(0, change).every((v) => v === 0.2)).toBe(true);
      expect(x.slice(change).every((v) => v === 0.5)).toBe(true);
      expect(x.length - change).toBeGreaterThan(50);
      await page.close();
    } finally {
      expect(await stopCli(child)).toBe(0);
    }
  });

  it("a network: the raster shows the output layer's spikes of the network trace; another layer can be picked; edits are off", async () => {
    const { url, child } = await startCli(["--network", "examples/network/net.json", "--input", "constant:amplitude=0.8", "--period", "2"]);
    try {
      const { page, errors } = await openPage(url);
      await untilStep(page, 600);
      type Charts = { scope: { charts: Record<string, { data: number[][]; scales: { y: { max: number } } }> } };
      const raster = () => page.evaluate(() => {
        const r = (globalThis as unknown as Charts).scope.charts.raster;
        return { x: Array.from(r.data[0]), y: Array.from(r.data[1]), yMax: r.scales.y.max };
      });
      const seen = await raster();
      const rows = (await fetchText(`${url}trace.csv`)).trim().split("\n");
      expect(rows[0]).toBe("step,layer,neuron,input,mem,spk");
      const expected = rows.slice(1).map((l) => l.split(",").map(Number)).filter((r) => r[1] === 1 && r[5] !== 0 && r[0] < 600).map((r) => `${r[0]}:${r[2]}`);
      const drawn = seen.x.map((s, k) => `${Math.round(s * 500)}:${seen.y[k]}`).filter((key) => Number(key.split(":")[0]) < 600);
      expect(drawn).toEqual(expected);
      expect(expected.length).toBeGreaterThan(50);
      expect(await page.$eval("#what", (e) => e.textContent)).toContain("network 2 → 8 Leaky → 2 Leaky");
      expect(await page.$eval("#beta", (e) => (e as unknown as { disabled: boolean }).disabled)).toBe(true);
      expect(await page.$eval("#threshold", (e) => (e as unknown as { disabled: boolean }).disabled)).toBe(true);

      // Layer 0 from the select, as a user picks it: its 8 neurons on the raster.
      await page.select("#layer", "0");
      await page.waitForFunction(() => (globalThis as unknown as Charts).scope.charts.raster.scales.y.max > 7, { timeout: 10_000 });
      await page.waitForFunction(() => (globalThis as unknown as Charts).scope.charts.raster.data[1].some((y) => y > 1), { timeout: 10_000 });
      // Its recent past came with it: the raster holds layer 0's spikes from the start.
      const layer0 = await raster();
      const expected0 = rows.slice(1).map((l) => l.split(",").map(Number)).filter((r) => r[1] === 0 && r[5] !== 0 && r[0] < 600).map((r) => `${r[0]}:${r[2]}`);
      expect(layer0.x.map((s, k) => `${Math.round(s * 500)}:${layer0.y[k]}`).filter((key) => Number(key.split(":")[0]) < 600)).toEqual(expected0);
      await page.screenshot({ path: join(work, "scope-network.png") });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      expect(await stopCli(child)).toBe(0);
    }
  });

  it("a sensor-driven run shows the ADC reading beside the current it became; a screenshot is taken", async () => {
    const target = await openRunTarget("emulator");
    target.emulator!.pins.setAnalogInput(768);
    const analog = await startAnalogInput(target.device, target.link, 0, ADC_FULL_SCALE, 10);
    const input = analogLiveInput("analog A0 x 0.4", 1, 0.4, () => analog.latest());
    const scope = await openScope(target, { model: "Leaky", neurons: 1, beta: 0.9, threshold: 1 }, input, { periodMs: 10, deviceName: "emulator" });
    try {
      const { page, errors } = await openPage(scope.url);
      await untilStep(page, 100);
      await page.waitForFunction(`document.getElementById("adc").textContent.startsWith("ADC 768")`, { timeout: 10_000 });
      expect(await page.$eval("#adc", (e) => e.textContent)).toBe("ADC 768 / 1024 → 0.300");
      const rows = scope.recorder.window(50).inputs.values;
      expect(Array.from(rows).every((v) => v === (768 / 1024) * 0.4)).toBe(true);
      const shot = join(work, "scope.png");
      await page.screenshot({ path: shot });
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await scope.close();
      await analog.stop();
      await target.close();
    }
  });
});
