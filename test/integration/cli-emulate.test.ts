/**
 * `spikeloop emulate` in one process, a host program in another: the second opens the printed
 * pty path with the host client (Device.open(path), serialport's native binding) or with
 * `spikeloop run --device <path>` and runs a layer in lockstep. Then SIGINT/SIGTERM stop the emulator cleanly (socat gone, path removed).
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";

const ROOT = join(import.meta.dirname, "..", "..");

/** The second process: a user's script driving the device at `path` with the host client. */
const HOST_SCRIPT = `
import { Device } from ${JSON.stringify(join(ROOT, "dist", "src", "host", "client", "index.js"))};
const device = await Device.open(process.argv[1]);
await device.configure({ model: "Leaky", neurons: 2, beta: [0.5, 0.9], threshold: 1 });
const values = new Float64Array(2 * 6).fill(0.9);
const trace = await device.run({ steps: 6, channels: 2, values });
const w = trace.columns.length;
const spikes = [0, 1].map((i) => Array.from({ length: 6 }, (_, t) => trace.values[(t * 2 + i) * w + w - 1]).join(""));
console.log(JSON.stringify({ firmware: device.info.firmware.name, spikes }));
await device.close();
`;

interface Running {
  child: ChildProcessWithoutNullStreams;
  path: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

let running: Running | undefined;
afterEach(async () => {
  // SIGTERM lets emulate end its socat (its own process group) too; SIGKILL only if it hangs.
  if (running !== undefined && running.child.exitCode === null) {
    const child = running.child;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await running.exited;
    clearTimeout(timer);
  }
  running = undefined;
});

async function startEmulate(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, "emulate", ...args]);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const path = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no path within 15 s; stderr: ${stderr}`)), 15_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf("\n");
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(stdout.slice(0, newline));
      }
    });
    void exited.then((code) => reject(new Error(`emulate exited with ${code}: ${stderr}`)));
  });
  running = { child, path, stdout: () => stdout, stderr: () => stderr, exited };
  return running;
}

function hostProcess(path: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return nodeProcess(["--input-type=module", "-e", HOST_SCRIPT, path]);
}

function cliProcess(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return nodeProcess([CLI, ...args]);
}

function nodeProcess(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

// beta 0.5: 0.9, 1.35 (fires), 0.575, 1.1875 (fires), 0.49375, 1.146875 (fires)
// beta 0.9: 0.9, 1.71 (fires), 1.439 (fires), 1.1951 (fires), 0.97559, 1.778031 (fires)
const EXPECTED = { spikes: ["010101", "011101"] };

describe("spikeloop emulate", () => {
  const linkDir = mkdtempSync(join(tmpdir(), "spikeloop-emulate-"));
  it.each([
    ["the in-process emulator, real clock", [], "spikeloop-nodemcu", "SIGINT"],
    ["the in-process emulator, virtual clock, at a given path", ["--virtual", "--link", join(linkDir, "board")], "spikeloop-nodemcu", "SIGTERM"],
    ["the firmware under lua5.1", ["--lua", "lua5.1"], "spikeloop-stdio", "SIGINT"],
  ] as const)("serves %s to a host client in another process", async (_, args, firmware, signal) => {
    const emulate = await startEmulate([...args]);
    expect(existsSync(emulate.path)).toBe(true);
    if ((args as readonly string[]).includes("--link")) expect(emulate.path).toBe(join(linkDir, "board"));
    const host = await hostProcess(emulate.path);
    expect(host.stderr).toBe("");
    expect(host.status).toBe(0);
    expect(JSON.parse(host.stdout)).toEqual({ firmware, ...EXPECTED });
    expect(emulate.stderr()).toContain("Ctrl-C stops it");
    // A second client after the first one closed: the device keeps serving.
    expect(JSON.parse((await hostProcess(emulate.path)).stdout).spikes).toEqual(EXPECTED.spikes);
    const socat = spawnSync("pgrep", ["-P", String(emulate.child.pid), "socat"], { encoding: "utf8" }).stdout.trim();
    expect(socat).toMatch(/^\d+$/);
    emulate.child.kill(signal);
    expect(await emulate.exited).toBe(0);
    expect(emulate.stdout()).toContain(`stopped on ${signal}`);
    expect(existsSync(emulate.path)).toBe(false);
    expect(spawnSync("kill", ["-0", socat]).status).not.toBe(0); // socat ended too
  }, 40_000);

  it("serves `spikeloop run --device <path>` in another process, which records the trace", async () => {
    const emulate = await startEmulate([]);
    const config = join(linkDir, "leaky2.json");
    writeFileSync(config, JSON.stringify({ model: "Leaky", neurons: 2, beta: [0.5, 0.9], threshold: 1 }));
    const out = join(linkDir, "run.csv");
    // --boot-wait 0: opening the pty does not reset the emulated board, so it need not be awaited.
    const run = await cliProcess(["run", "--config", config, "--input", "step:amplitude=0.9,start=0", "--steps", "6", "--device", emulate.path, "--boot-wait", "0", "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`on ${emulate.path}`);
    const rows = readFileSync(out, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    const spikes = [0, 1].map((i) => rows.filter((r) => r[1] === String(i)).map((r) => (Number(r[4]) === 1 ? "1" : "0")).join(""));
    expect(spikes).toEqual(EXPECTED.spikes);
    emulate.child.kill("SIGINT");
    expect(await emulate.exited).toBe(0);
  }, 40_000);

  it("refuses --realtime with --virtual, with the usage line and exit code 2", async () => {
    const result = spawnSync(process.execPath, [CLI, "emulate", "--realtime", "--virtual"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--realtime and --virtual exclude each other");
    expect(result.stderr).toContain("usage: spikeloop emulate");
  });
});
