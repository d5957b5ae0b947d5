/**
 * The firmware's footprint on a NodeMCU board (docs/performance.md, "Code and heap on the
 * board"): the bytecode of every module the board loads, compiled by NodeMCU's own compiler
 * (`luac.cross.51 -s`, what node.compile would store), and the free heap right after boot on the
 * emulated board's three profiles (ESP8266 with the firmware in LFS, ESP8266 from the file system,
 * ESP32 from the file system). Needs the NodeMCU cores (SPIKELOOP_NODEMCU_TOOLS).
 *
 *   npm run build && SPIKELOOP_NODEMCU_TOOLS=../shared/tools/nodemcu node dist/bench/nodemcu-footprint.js
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NodeMcuEmulator, openEmulatorLink } from "../src/emulator/index.ts";
import { Device } from "../src/host/client/device.ts";
import { boardFiles, findLuacCross } from "../src/host/flash/index.ts";

function codeBytes(luacCross: string): Array<[string, number, number]> {
  const dir = mkdtempSync(join(tmpdir(), "spikeloop-footprint-"));
  try {
    return Object.entries(boardFiles()).map(([name, data]) => {
      const file = join(dir, "m.lua");
      writeFileSync(file, data);
      execFileSync(luacCross, ["-s", "-o", "m.lc", "m.lua"], { cwd: dir });
      return [name, data.length, readFileSync(join(dir, "m.lc")).length] as [string, number, number];
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PROFILES = [
  ["ESP8266, firmware in LFS", { heapBytes: 44 * 1024, lfs: true }],
  ["ESP8266, firmware on the file system", { heapBytes: 44 * 1024, lfs: false }],
  ["ESP32, firmware on the file system", { heapBytes: 320 * 1024, lfs: false }],
] as const;

async function heapAtBoot(options: { heapBytes: number; lfs: boolean }): Promise<string> {
  const board = await NodeMcuEmulator.create({ ...options, startup: "main" });
  try {
    if (board.output.text().includes("cannot load the firmware")) return "does not boot: not enough memory";
    const device = await Device.open(openEmulatorLink(board));
    const { heap } = await device.status();
    await device.close();
    return `${heap} of ${options.heapBytes}`;
  } finally {
    await board.close();
  }
}

const luacCross = findLuacCross();
const rows = codeBytes(luacCross).sort((a, b) => b[2] - a[2]);
console.log("| module | source bytes | bytecode bytes (`luac.cross.51 -s`) |\n|---|---:|---:|");
for (const [name, source, code] of rows) console.log(`| ${name} | ${source} | ${code} |`);
console.log(`| **total** | ${rows.reduce((s, r) => s + r[1], 0)} | ${rows.reduce((s, r) => s + r[2], 0)} |`);
console.log("\n| profile | free heap after boot (bytes) |\n|---|---|");
for (const [name, options] of PROFILES) console.log(`| ${name} | ${await heapAtBoot(options)} |`);
