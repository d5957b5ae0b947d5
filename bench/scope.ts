/**
 * `npm run bench:scope`: `spikeloop scope` at 64 neurons × 1 kHz, realtime on the emulator, for
 * each state encoding: steps per second reached, frames per second the page receives and draws
 * (Debian's chromium through puppeteer-core), and CPU of the host process and of the browser.
 * Baseline in the same run: the same scope with no page connected. docs/performance.md.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import type { EncodingName } from "../src/host/client/options.ts";
import { parseInputSpec } from "../src/host/runner/inputs.ts";
import { openRunTarget } from "../src/host/runner/target.ts";
import { patternInput } from "../src/host/scope/live-input.ts";
import { openScope } from "../src/host/scope/scope.ts";

const NEURONS = 64;
const PERIOD_MS = 1;
const SECONDS = Number(process.env.SCOPE_BENCH_SECONDS ?? 10);
const INPUT = "step:amplitude=0.15,start=100";
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TICKS = 100; // clock ticks per second (/proc's USER_HZ)

interface Result {
  label: string;
  stepsPerSecond: number;
  framesPerSecond?: number;
  drawsPerSecond?: number;
  hostCpu: number;
  browserCpu?: number;
}

/** CPU seconds of a process and all its descendants, from /proc. */
function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(name), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS });
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const within = (pid: number): boolean => pid === root || (pid > 1 && stats.has(pid) && within(stats.get(pid)!.ppid));
  for (const [pid, s] of stats) if (within(pid)) total += s.cpu;
  return total;
}

async function measure(encoding: EncodingName, browser: Browser | undefined): Promise<Result> {
  const beta = Array.from({ length: NEURONS }, (_, i) => +(0.8 + (0.19 * i) / (NEURONS - 1)).toFixed(4));
  const config = { model: "Leaky", neurons: NEURONS, beta, threshold: 1, reset_mechanism: "subtract" };
  const source = parseInputSpec(INPUT, NEURONS, 1000);
  if (source.kind !== "currents") throw new Error("a generated input");
  const target = await openRunTarget("emulator");
  const scope = await openScope(target, config, patternInput(source, "step"), { periodMs: PERIOD_MS, encoding, deviceName: "emulator" });
  try {
    const page = browser === undefined ? undefined : await browser.newPage();
    if (page !== undefined) {
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(scope.url);
      await page.waitForFunction(() => (globalThis as unknown as { scope: { frames: number } }).scope.frames > 0, { timeout: 120_000 });
    }
    const pageCounts = async () => (page === undefined ? { frames: 0, draws: 0 } : page.evaluate(() => {
      const s = (globalThis as unknown as { scope: { frames: number; draws: number } }).scope;
      return { frames: s.frames, draws: s.draws };
    }));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // settle
    const browserPid = browser?.process()?.pid;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const steps0 = scope.run.steps;
    const page0 = await pageCounts();
    const browser0 = browserPid === undefined ? 0 : treeCpuSeconds(browserPid);
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const page1 = await pageCounts();
    const result: Result = {
      label: `${encoding}, ${page === undefined ? "no page (baseline)" : "page in chromium"}`,
      stepsPerSecond: (scope.run.steps - steps0) / wall,
      hostCpu: (cpu.user + cpu.system) / 1e6 / wall,
    };
    if (page !== undefined) {
      result.framesPerSecond = (page1.frames - page0.frames) / wall;
      result.drawsPerSecond = (page1.draws - page0.draws) / wall;
      result.browserCpu = (treeCpuSeconds(browserPid!) - browser0) / wall;
      await page.close();
    }
    return result;
  } finally {
    await scope.close();
    await target.close();
  }
}

const pct = (x: number | undefined) => (x === undefined ? "–" : `${Math.round(100 * x)} %`);
const num = (x: number | undefined) => (x === undefined ? "–" : x.toFixed(0));

const profile = mkdtempSync(join(tmpdir(), "spikeloop-bench-chromium-"));
const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: [...FLAGS, `--user-data-dir=${profile}`] });
const results: Result[] = [];
try {
  for (const encoding of ["f64", "f16"] as EncodingName[]) {
    results.push(await measure(encoding, undefined));
    results.push(await measure(encoding, browser));
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(" ")} on ${cpus().length} cores`);
console.log(`spikeloop scope, ${NEURONS} neurons, ${PERIOD_MS} ms period (${1000 / PERIOD_MS} steps/s realtime), ${INPUT}, ${SECONDS} s each`);
console.log("| run | steps/s | × realtime | frames/s received | draws/s | host CPU | host CPU s per 1000 steps | browser CPU |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of results) {
  console.log(`| ${r.label} | ${num(r.stepsPerSecond)} | ${(r.stepsPerSecond * PERIOD_MS / 1000).toFixed(2)} | ${num(r.framesPerSecond)} | ${num(r.drawsPerSecond)} | ${pct(r.hostCpu)} | ${((r.hostCpu * 1000) / r.stepsPerSecond).toFixed(2)} | ${pct(r.browserCpu)} |`);
}
