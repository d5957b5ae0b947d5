/**
 * Int layers compute the same bits everywhere: the device code in Node (ts), the transpiled Lua
 * in the in-process VM (wasmoon, Lua 5.4), the emulated board over the wire (I32 frames), and
 * Debian's lua5.1, lua5.3, lua5.4 and luajit, over every golden case and long random runs.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../src/host/backends/backend.ts";
import { createEmulatorBackend } from "../../src/host/backends/emulator.ts";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { createLuaVm } from "../../src/host/lua-vm.ts";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { FIRMWARE_APP_DIR } from "../../src/io/paths.ts";
import { type IntCase, MODELS, intGoldenCases, luaCasesText, randomIntCase, rawTs } from "../helpers/integer.ts";

const run = promisify(execFile);
const INTERPRETERS = ["lua5.1", "lua5.3", "lua5.4", "luajit"];
const RUNNER = join(import.meta.dirname, "..", "lua", "integer-runs.lua");

const golden = intGoldenCases();
/** 6 models × 24 neurons × 2000 steps: 288 000 neuron-steps per interpreter. */
const random = MODELS.map((m, k) => randomIntCase(m, 101 + k, 24, 2000));

function parseRuns(text: string): number[][] {
  return text.trim().split("\n").map((line) => {
    const [error, ...values] = line.split(" ").map(Number);
    expect(error).toBe(0);
    return values;
  });
}

/** simulate() under an external interpreter, every case in one process; raw integers per case. */
async function runExternal(lua: string, text: string): Promise<number[][]> {
  const child = run(lua, [RUNNER, FIRMWARE_APP_DIR], { maxBuffer: 1 << 30, encoding: "utf8" });
  child.child.stdin!.end(text);
  return parseRuns((await child).stdout);
}

/** The same runner in the in-process VM (wasmoon), the cases handed over as one string. */
async function runWasmoon(text: string): Promise<number[][]> {
  const vm = await createLuaVm();
  try {
    vm.global.set("CASES_TEXT", text);
    return parseRuns((await vm.doString(readFileSync(RUNNER, "utf8"))) as string);
  } finally {
    vm.global.close();
  }
}

describe("int layers under every Lua", () => {
  const all = [...golden, ...random];
  let expected: number[][];
  let results: Map<string, number[][]>;

  beforeAll(async () => {
    expected = all.map(rawTs);
    const text = luaCasesText(all);
    // One process per interpreter, all in parallel with the in-process VM.
    const outputs = await Promise.all([...INTERPRETERS.map((lua) => runExternal(lua, text)), runWasmoon(text)]);
    results = new Map([...INTERPRETERS, "wasmoon"].map((lua, k) => [lua, outputs[k]]));
  }, 60_000);

  it.each([...INTERPRETERS, "wasmoon"])("%s gives the ts backend's integers on every golden case and random run", (lua) => {
    const got = results.get(lua)!;
    expect(got).toHaveLength(all.length);
    all.forEach((c, k) => {
      expect(got[k].length, c.name).toBe(expected[k].length);
      const first = got[k].findIndex((x, j) => x !== expected[k][j]);
      expect(first, `${c.name}: first difference at output ${first}`).toBe(-1);
    });
  });

  it("the random runs reach the saturation limits and spike", () => {
    const saturated = expected.slice(golden.length).map((out) => out.filter((x) => Math.abs(x) === 2147483647).length);
    for (const count of saturated) expect(count).toBeGreaterThan(0);
    const spikes = random.map((c, k) => {
      const width = c.spec.stateColumns.length + 1;
      return expected[golden.length + k].filter((x, j) => j % width === width - 1 && x !== 0).length;
    });
    for (const count of spikes) expect(count).toBeGreaterThan(100);
  });
});

describe("int layers on the ts, lua and emulator backends", () => {
  let ts: Backend;
  let lua: Backend;
  let emulator: Backend;
  beforeAll(async () => {
    ts = createTsBackend();
    lua = await createLuaBackend();
    emulator = createEmulatorBackend();
  });
  afterAll(async () => {
    await lua.close();
    await emulator.close();
  });

  it("the in-process Lua VM and the emulated device over the wire equal ts on every golden case", async () => {
    for (const c of golden) {
      const expected = await ts.simulate(c.spec, c.inputs);
      expect((await lua.simulate(c.spec, c.inputs)).values, `${c.name} on lua`).toEqual(expected.values);
      expect((await emulator.simulate(c.spec, c.inputs)).values, `${c.name} on the emulator`).toEqual(expected.values);
    }
  }, 60_000);

  it("the emulated device over the wire equals ts on random runs of every model", async () => {
    for (const [k, model] of MODELS.entries()) {
      const c = randomIntCase(model, 201 + k, 16, 600);
      expect((await emulator.simulate(c.spec, c.inputs)).values, c.name).toEqual((await ts.simulate(c.spec, c.inputs)).values);
    }
  }, 60_000);
});
