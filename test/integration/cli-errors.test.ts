/**
 * Every error path of the CLI a user meets at a board: an unknown port, a busy port, a board
 * that does not answer, firmware of another version. Each is one line with the fix, and a
 * non-zero exit code (3 port, 4 no answer, 5 other firmware). The built CLI in a child process.
 */
import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SerialPort } from "serialport";
import { afterEach, describe, expect, it } from "vitest";
import { NodeMcuEmulator, type PtyBridge, openEmulatorLink, readFirmwareFiles, startPtyBridge } from "../../src/emulator/index.ts";
import { FIRMWARE_APP_DIR } from "../../src/io/paths.ts";
import { COMMANDS } from "../../src/host/commands/index.ts";
import { CLI, runCli as cli } from "../helpers/cli.ts";

const GOLDEN = join(import.meta.dirname, "..", "fixtures", "golden");


/** One line: the command's prefix, the explanation and its fix. */
function expectOneLine(stderr: string, command: string, ...parts: string[]): void {
  expect(stderr.endsWith("\n")).toBe(true);
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(stderr.startsWith(`spikeloop ${command}: `)).toBe(true);
  for (const part of parts) expect(stderr).toContain(part);
}

const dir = mkdtempSync(join(tmpdir(), "spikeloop-cli-errors-"));
let board: NodeMcuEmulator | undefined;
let bridge: PtyBridge | undefined;
let holder: SerialPort | undefined;
afterEach(async () => {
  if (holder?.isOpen) await new Promise((resolve) => holder!.close(resolve));
  await bridge?.close();
  await board?.close();
  board = bridge = holder = undefined;
});

/** A stand-in "Lua interpreter" for `simulate --backend emulator --lua`: runs `body` instead. */
function fakeLua(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n# spikeloop checks the interpreter starts with -e ""\n[ "$1" = "-e" ] && exit 0\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function runArgs(): string[] {
  const config = join(dir, "leaky-run.json");
  writeFileSync(config, JSON.stringify({ model: "Leaky", neurons: 1, beta: 0.9 }));
  return ["--config", config, "--input", "step:amplitude=0.5,start=0", "--steps", "5"];
}

function simulateArgs(lua: string): string[] {
  const config = join(dir, "leaky.json");
  writeFileSync(config, JSON.stringify({ model: "Leaky", neurons: 1, beta: 0.9 }));
  return ["simulate", "--config", config, "--input", join(GOLDEN, "leaky_step_zero_f64.csv"), "--out", join(dir, "out.csv"), "--backend", "emulator", "--lua", lua];
}

describe("CLI errors", () => {
  it.each([
    ["flash", ["--port"]],
    ["run", [...runArgs(), "--device"]],
  ])("an unknown port (%s): names it, says how to find the right one, exit 3", async (command, args) => {
    const result = await cli([command, ...args, "/dev/ttyUSB-spikeloop-missing"]);
    expect(result.status).toBe(3);
    expectOneLine(result.stderr, command, "no serial port at /dev/ttyUSB-spikeloop-missing", "Fix:", "spikeloop ports");
  });

  it("a busy port: says another program holds it, exit 3", async () => {
    board = await NodeMcuEmulator.create({ files: {} });
    bridge = await startPtyBridge(openEmulatorLink(board));
    holder = new SerialPort({ path: bridge.path, baudRate: 115200, autoOpen: false }); // serialport locks by default
    await new Promise<void>((resolve, reject) => holder!.open((err) => (err ? reject(err) : resolve())));
    const result = await cli(["flash", "--port", bridge.path]);
    expect(result.status).toBe(3);
    expectOneLine(result.stderr, "flash", `${bridge.path} is in use by another program`, "Fix: close");
    expect(board.flash.list()).toEqual([]);
  });

  it("a board that does not answer at the Lua prompt (it runs the firmware): how to get back to it, exit 4", async () => {
    board = await NodeMcuEmulator.create(); // boots into spikeloop: UART0 speaks Firmata only
    bridge = await startPtyBridge(openEmulatorLink(board));
    const result = await cli(["flash", "--port", bridge.path, "--timeout", "1500"]);
    expect(result.status).toBe(4);
    expectOneLine(result.stderr, "flash", "no Lua prompt answered within 1500 ms", "Fix: ", "hold its FLASH button");
  }, 20_000);

  it("`run` on a board that does not answer (it sits at the Lua prompt, no firmware): exit 4 with the fix", async () => {
    board = await NodeMcuEmulator.create({ files: {} });
    bridge = await startPtyBridge(openEmulatorLink(board));
    const result = await cli(["run", ...runArgs(), "--device", bridge.path, "--boot-wait", "0"]);
    expect(result.status).toBe(4);
    expectOneLine(result.stderr, "run", "the board does not answer", bridge.path, "Fix: ", "spikeloop flash --port");
  }, 20_000);

  it("`run` on a board with firmware of another version: exit 5, says which and how to fix it", async () => {
    const files = readFirmwareFiles();
    files["shared/protocol.lua"] = Buffer.from(Buffer.from(files["shared/protocol.lua"]).toString("utf8").replace(/FIRMWARE_MINOR = \d+/, "FIRMWARE_MINOR = 9"));
    board = await NodeMcuEmulator.create({ files });
    bridge = await startPtyBridge(openEmulatorLink(board));
    const result = await cli(["run", ...runArgs(), "--device", bridge.path, "--boot-wait", "0"]);
    expect(result.status).toBe(5);
    expectOneLine(result.stderr, "run", "firmware 0.9", "Fix: upload this spikeloop package's firmware", "spikeloop flash --port");
  }, 20_000);

  it("a device that does not answer the handshake: exit 4 with the fix", async () => {
    const silent = fakeLua("silent-lua", "exec sleep 30");
    const result = await cli(simulateArgs(silent));
    expect(result.status).toBe(4);
    expectOneLine(result.stderr, "simulate", "the board does not answer", "within 2000 ms", "Fix: ", "spikeloop flash --port");
  }, 20_000);

  it("firmware of another version: says which, and to upload this package's firmware, exit 5", async () => {
    const app = join(dir, "app-0.7");
    cpSync(FIRMWARE_APP_DIR, app, { recursive: true });
    const protocol = join(app, "shared", "protocol.lua");
    writeFileSync(protocol, readFileSync(protocol, "utf8").replace(/FIRMWARE_MINOR = \d+/, "FIRMWARE_MINOR = 7"));
    const old = fakeLua("old-firmware-lua", `exec lua5.1 "$1" ${app}`);
    const result = await cli(simulateArgs(old));
    expect(result.status).toBe(5);
    expectOneLine(result.stderr, "simulate", "firmware 0.7", "Fix: upload this spikeloop package's firmware");
  }, 20_000);

  it("docs/cli.md has a section for every command and lists every exit code", () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "cli.md"), "utf8");
    for (const command of COMMANDS) expect(doc).toContain(`\n## ${command.name}\n`);
    for (const code of [0, 1, 2, 3, 4, 5]) expect(doc).toMatch(new RegExp(`\\n\\| ${code} \\|`));
  });
});
