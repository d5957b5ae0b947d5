/**
 * `spikeloop scope` as a user runs it (the built CLI): the URL alone on stdout's first line, the
 * page served there, Ctrl-C ends it with status 0; misuse exits 2 before any device is opened;
 * a browser that cannot be opened is a note, not an error.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, runCli } from "../helpers/cli.ts";

const LAYER = "examples/four-leaky/layer.json";
const NET = "examples/network/net.json";
const empty = mkdtempSync(join(tmpdir(), "spikeloop-no-path-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

function start(args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; firstLine: Promise<string>; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, "scope", ...args], { stdio: ["ignore", "pipe", "pipe"], env });
  let stderr = "";
  let stdout = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve) => lines.once("line", resolve));
  lines.on("line", (l) => (stdout += `${l}\n`));
  const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, firstLine, stderr: () => stderr + stdout, exit };
}

function status(url: string): Promise<number> {
  return new Promise((resolve, reject) => get(url, (res) => (res.resume(), resolve(res.statusCode!))).on("error", reject));
}

describe("spikeloop scope (CLI)", () => {
  it("prints the URL first, serves the page there, and stops on SIGINT with status 0", async () => {
    const run = start(["--config", LAYER, "--input", "step:amplitude=0.3,start=10", "--period", "5", "--no-open"]);
    const url = await run.firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await status(url)).toBe(200);
    run.child.kill("SIGINT");
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toMatch(/spikeloop scope: stopped on SIGINT after \d+ steps/);
  });

  it("runs a network (--network) the same way", async () => {
    const run = start(["--network", NET, "--input", "constant:amplitude=0.8", "--period", "5", "--no-open"]);
    const url = await run.firstLine;
    expect(await status(url)).toBe(200);
    expect(await status(`${url}trace.csv`)).toBe(200);
    run.child.kill("SIGINT");
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toContain("spikeloop scope: network 2 → 8 Leaky → 2 Leaky, constant amplitude=0.8, 5 ms per step on emulator");
    expect(run.stderr()).toMatch(/spikeloop scope: stopped on SIGINT after \d+ steps/);
  });

  it("without --no-open tries the desktop's browser, and a failure to open it is a note", async () => {
    const run = start(["--config", LAYER, "--input", "constant:amplitude=0.3", "--period", "5"], { ...process.env, PATH: empty });
    const url = await run.firstLine;
    for (let i = 0; i < 100 && !run.stderr().includes("could not open a browser"); i++) await new Promise((r) => setTimeout(r, 20));
    expect(run.stderr()).toContain(`could not open a browser`);
    expect(await status(url)).toBe(200);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
  });

  it("takes --port, and a port in use is a clear error", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = await runCli(["scope", "--config", LAYER, "--input", "constant:amplitude=0.3", "--port", String(port), "--no-open"]);
      expect(busy.status).toBe(1);
      expect(busy.stderr).toContain(`spikeloop scope: 127.0.0.1:${port} is in use (EADDRINUSE). Fix: choose another --port`);
      expect(busy.stdout).toBe("");
    } finally {
      blocker.close();
    }
  });

  it("exits 2 with the usage line on misuse", async () => {
    const cases: [string[], string][] = [
      [["--input", "constant:amplitude=0.3"], "missing --config"],
      [["--config", LAYER], "missing --input"],
      [["--config", LAYER, "--input", "constant:amplitude=0.3", "--port", "70000"], "--port must be a whole number from 0 to 65535"],
      [["--config", LAYER, "--input", "constant:amplitude=0.3", "--period", "0"], "--period must be a whole number from 1"],
      [["--config", LAYER, "--input", "constant:amplitude=0.3", "--encoding", "f8"], 'unknown encoding "f8"'],
      [["--config", LAYER, "--input", "wobble:x=1"], 'unknown input kind "wobble"'],
      [["--config", LAYER, "--input", "constant:amplitude=0.3", "--open"], "Unknown option '--open'"],
      [["--network", NET, "--config", LAYER, "--input", "constant:amplitude=0.3"], "give --config (one layer) or --network (a network), not both"],
      [["--network", NET, "--input", "constant:amplitude=0.3", "--encoding", "f16"], "--encoding is for one layer"],
      [["--network", join(empty, "net.json"), "--input", "constant:amplitude=0.3"], `--network: there is no file ${join(empty, "net.json")}`],
      [["--network", NET], "missing --input"],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(["scope", ...args, "--no-open"]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe("");
    }
  });
});
