/**
 * The command line as docs/cli.md promises it (issue 9): help per command, the version, exit 2
 * with the usage line for every misuse, files named by their option, outputs checked before the
 * run, the README's own command, progress off a terminal, and an external Lua's own stderr.
 * The built CLI in a child process.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/host/commands/index.ts";
import { createProgress } from "../../src/host/summary/progress.ts";
import { CLI, runCli } from "../helpers/cli.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "spikeloop-command-line-"));
const config = join(dir, "leaky.json");
writeFileSync(config, JSON.stringify({ model: "Leaky", neurons: 2, beta: 0.9 }));
const input = join(dir, "in.csv");
writeFileSync(input, "step,neuron,input\n0,0,0.5\n0,1,0.5\n1,0,0.5\n1,1,0.5\n");

function spikeloop(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
}

describe("help and version", () => {
  it.each(COMMANDS.map((c) => c.name))("%s --help (run also -h and help run) prints its usage, exit 0", (name) => {
    const command = COMMANDS.find((c) => c.name === name)!;
    const forms = name === "run" ? [[name, "--help"], [name, "-h"], ["help", name], [name, "--config", "x.json", "-h"]] : [[name, "--help"]];
    for (const args of forms) {
      const result = spikeloop(args);
      expect(result.status, args.join(" ")).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout.startsWith(`usage: ${command.usage[0]}\n`), result.stdout).toBe(true);
      expect(result.stdout).toContain(command.summary);
    }
  });

  it("--version prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const result = spikeloop([flag]);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`spikeloop ${version}\n`);
    }
  });

  it("no command at all: the overview on stderr, exit 2", () => {
    const result = spikeloop([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("spikeloop simulate");
  });
});

describe("a bad command line: exit 2 with the usage line, nothing run", () => {
  const run = ["run", "--config", config, "--input", "constant:amplitude=1"];
  const simulate = ["simulate", "--config", config, "--input", input, "--out", join(dir, "t.csv")];
  const cases: [string, string[], RegExp][] = [
    ["run: an unknown option", [...run, "--bogus"], /Unknown option '--bogus'/],
    ["run: --steps -5", [...run, "--steps", "-5"], /--steps needs a value, and a value cannot start with "-"/],
    ["run: --steps=-5", [...run, "--steps=-5"], /--steps must be a whole number >= 1, got "-5"/],
    ["run: --steps 1e3", [...run, "--steps", "1e3"], /--steps must be a whole number >= 1, got "1e3"/],
    ["run: --steps 0x10", [...run, "--steps", "0x10"], /--steps must be a whole number >= 1, got "0x10"/],
    ["run: --period without a value", [...run, "--period"], /Option '--period <value>' argument missing/],
    ["run: --boot-wait -1", [...run, "--boot-wait=-1"], /--boot-wait must be a whole number >= 0/],
    ["run: a stray argument", [...run, "extra"], /Unexpected argument 'extra'/],
    ["run: --quiet=yes", [...run, "--quiet=yes"], /Option '--quiet' does not take an argument/],
    ["simulate: an unknown option", [...simulate, "--steps", "5"], /Unknown option '--steps'/],
    ["simulate: an unknown backend", [...simulate, "--backend", "c"], /unknown backend "c"/],
    ["simulate: --lua without the emulator", [...simulate, "--lua", "lua5.1"], /use it with --backend emulator/],
    ["tutorial: --boot-wait x", ["tutorial", "--boot-wait", "x"], /--boot-wait must be a whole number >= 0, got "x"/],
    ["tutorial: a stray argument", ["tutorial", "now"], /Unexpected argument 'now'/],
    ["tutorial: --out onto a file", ["tutorial", "--out", input], /--out: .*in\.csv is a file, not a folder/],
    ["tutorial: --reference not there", ["tutorial", "--reference", join(dir, "nope")], /--reference: there is no folder/],
    ["flash: no --port", ["flash"], /missing --port/],
    ["flash: --timeout -1", ["flash", "--port", "/dev/null", "--timeout", "-1"], /--timeout needs a value/],
    ["flash: --timeout 0", ["flash", "--port", "/dev/null", "--timeout", "0"], /--timeout must be a whole number >= 1/],
    ["emulate: an unknown option", ["emulate", "--fast"], /Unknown option '--fast'/],
    ["emulate: --realtime --virtual", ["emulate", "--realtime", "--virtual"], /exclude each other/],
    ["ports: an argument", ["ports", "/dev/ttyUSB0"], /Unexpected argument/],
  ];
  it.each(cases)("%s", (_, args, message) => {
    const result = spikeloop(args);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(`\nusage: spikeloop ${args[0]}`);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
  });
});

describe("files named by their options", () => {
  const commands = {
    run: (c: string, i: string) => ["run", "--config", c, "--input", i],
    simulate: (c: string, i: string) => ["simulate", "--config", c, "--input", i, "--out", join(dir, "sim.csv")],
  };

  it.each(["run", "simulate"] as const)("%s: a missing --config or --input file names the option, no ENOENT", (name) => {
    const missing = join(dir, "missing");
    const cases: [string[], string][] = [
      [commands[name](`${missing}.json`, input), `--config: there is no file ${missing}.json`],
      [commands[name](config, `${missing}.csv`), `--input: there is no file ${missing}.csv`],
      [commands[name](config, `csv:${missing}.csv`), `--input: there is no file ${missing}.csv`],
      [commands[name](config, name === "run" ? `csv:${dir}` : dir), `--input: ${dir} is a folder, not a file`],
    ];
    for (const [args, message] of name === "run" ? cases : [cases[0], cases[1], cases[3]]) {
      const result = spikeloop(args);
      expect(result.stderr, args.join(" ")).toContain(`spikeloop ${name}: ${message}\nusage: `);
      expect(result.stderr).not.toMatch(/ENOENT|EISDIR/);
      expect(result.status).toBe(2);
    }
  });

  it.each(["run", "simulate"] as const)("%s: --out into a missing folder or onto a folder is refused before the run; no .partial", (name) => {
    const folder = join(dir, `out-${name}`);
    mkdirSync(folder);
    const base = commands.run(config, input);
    base[0] = name;
    for (const [out, message] of [
      [join(folder, "no", "t.csv"), `--out: the folder ${join(folder, "no")} does not exist`],
      [folder, `--out: ${folder} is a folder; give a file name`],
      [join(input, "t.csv"), `--out: the folder ${input} is a file`],
    ]) {
      const result = spikeloop([...base, "--out", out]);
      expect(result.stderr).toContain(`spikeloop ${name}: ${message}\nusage: `);
      expect(result.status).toBe(2);
    }
    expect(readdirSync(folder)).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });

  it("--plot f.png is refused with the formats it writes; no f.png.svg", () => {
    const plot = join(dir, "f.png");
    const result = spikeloop(["run", "--config", config, "--input", input, "--plot", plot]);
    expect(result.stderr).toContain("spikeloop run: --plot: cannot write .png figures; it writes .svg and .html (both, side by side)");
    expect(result.status).toBe(2);
    expect(readdirSync(dir).filter((f) => f.startsWith("f."))).toEqual([]);
  });

  it("--plot f.html writes f.html and f.svg", () => {
    const result = spikeloop(["run", "--config", config, "--input", input, "--plot", join(dir, "fig.html")]);
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, "fig.svg")) && existsSync(join(dir, "fig.html"))).toBe(true);
  });
});

describe("the README", () => {
  it('runs its "try your own layer" command as printed, from the repository root', () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const line = /Then try your own layer:\n`(npx spikeloop run [^`]+)`/.exec(readme)?.[1];
    expect(line).toBeDefined();
    const written = ["run.svg", "run.html"].map((f) => join(ROOT, f));
    for (const f of written) rmSync(f, { force: true });
    try {
      const result = spawnSync("sh", ["-c", line!], { cwd: ROOT, encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toContain("Leaky x 4, step amplitude=0.3,start=10, 100 steps");
      for (const f of written) expect(readFileSync(f, "utf8").length).toBeGreaterThan(1000);
    } finally {
      for (const f of written) rmSync(f, { force: true });
    }
  });
});

describe("progress", () => {
  const sink = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, isTTY, columns: 80, write: (s: string) => written.push(s) };
  };

  it("off a terminal: one line every few seconds of an injected clock, and a last line", () => {
    let now = 1000;
    const log = sink(false);
    const progress = createProgress(log, 100_000, "lockstep on emulator", { now: () => now, everyMs: 5000, unit: "steps" });
    progress.update(10);
    now += 4999;
    progress.update(20_000);
    expect(log.written).toEqual([]);
    now += 1;
    progress.update(25_000);
    now += 2000;
    progress.update(30_000);
    now += 5000;
    progress.update(70_000);
    now += 1500;
    progress.finish();
    progress.finish();
    expect(log.written).toEqual([
      "lockstep on emulator: 25% 25000/100000 steps after 5 s\n",
      "lockstep on emulator: 70% 70000/100000 steps after 12 s\n",
      "lockstep on emulator: done, 100% 100000/100000 steps in 14 s\n",
    ]);
  });

  it("off a terminal, a run shorter than the interval writes nothing", () => {
    let now = 0;
    const log = sink(false);
    const progress = createProgress(log, 10, "run", { now: () => now });
    now = 4000;
    progress.update(10);
    progress.finish();
    expect(log.written).toEqual([]);
  });

  /** The CLI under `script`, so its stdout and stderr are a terminal. */
  function onTerminal(args: string[]) {
    const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(" ");
    return spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8" });
  }

  it("simulate on a long input shows its progress on a terminal, and --quiet hides it", () => {
    const long = join(dir, "long.csv");
    const rows = ["step,neuron,input"];
    for (let t = 0; t < 60_000; t++) rows.push(`${t},0,0.0123456789`, `${t},1,0.0123456789`);
    writeFileSync(long, rows.join("\n"));
    const out = join(dir, "long-out.csv");
    const shown = onTerminal(["simulate", "--config", config, "--input", long, "--out", out]);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`\\rreading ${long} \\[#+\\] 100%`));
    expect(shown.stdout).toContain("simulating 60000 steps on the ts backend");
    expect(shown.stdout).toMatch(new RegExp(`\\rwriting ${out} \\[#+\\] 100% 60000/60000 steps`));
    const quiet = onTerminal(["simulate", "--config", config, "--input", long, "--out", out, "--quiet"]);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).not.toMatch(/\[#|simulating/);
    expect(quiet.stdout).toContain("60000 steps x 2 neurons");
  });

  it("run --quiet: no bar on a terminal", () => {
    const quiet = onTerminal(["run", "--config", config, "--input", "constant:amplitude=0.3", "--steps", "600", "--quiet"]);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).not.toMatch(/\[#/);
    expect(quiet.stdout).toContain("spikes in 600 steps from 2 neurons");
  });
});

describe("an external Lua that dies", () => {
  /** A real lua5.1 that fails to load a broken file, `wait` seconds after it starts. */
  function dyingLua(name: string, wait: number): string {
    const bad = join(dir, "broken.lua");
    writeFileSync(bad, "local x = = 1\n");
    const path = join(dir, name);
    // spikeloop first checks the interpreter starts (`-e ""`): that much works.
    writeFileSync(path, `#!/bin/sh\n[ "$1" = "-e" ] && exit 0\nsleep ${wait}\nexec lua5.1 ${bad} "$@"\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it.each([["at once", 0], ["after the pty is up", 0.5]])("its own stderr reaches the user (%s)", async (_, wait) => {
    const lua = dyingLua(`dying-${wait}`, wait);
    const result = await runCli(["simulate", "--config", config, "--input", input, "--out", join(dir, "lua.csv"), "--backend", "emulator", "--lua", lua]);
    expect(result.stderr).toContain(`spikeloop simulate: the firmware under ${lua} ended; it said:\nlua5.1: ${join(dir, "broken.lua")}:1: unexpected symbol near '='`);
    expect(result.stderr).not.toMatch(/version report|socat\[/);
    expect(result.status).toBe(1);
  });

  it("emulate --lua: ends with exit 1 and quotes the interpreter's stderr", async () => {
    const lua = dyingLua("dying-emulate", 0);
    const result = await runCli(["emulate", "--lua", lua]);
    expect(result.stderr).toContain(`said:\nlua5.1: ${join(dir, "broken.lua")}:1: unexpected symbol near '='`);
    expect(result.status).toBe(1);
  });
});
