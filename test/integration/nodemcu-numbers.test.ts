/**
 * The board says what its numbers are: the firmware measures its VM at the handshake (doubles,
 * float32, integers) and HelloReply carries it; the host warns when a float64 layer goes to a
 * float32 board, refuses float layers on an integer build with the fix, and says which numbers
 * computed a trace. On NodeMCU's own cores where they are on this machine.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { Device } from "../../src/host/client/device.ts";
import { DeviceUsageError } from "../../src/host/client/errors.ts";
import { resolveSpec } from "../../src/host/client/layer-config.ts";
import { layerNumbers } from "../../src/host/client/numbers.ts";
import { spawnStdioFirmware } from "../../src/host/client/process-link.ts";
import { FIRMWARE_APP_DIR } from "../../src/io/paths.ts";
import { CLI } from "../helpers/cli.ts";
import { GOLDEN_DIR, type GoldenCase, layerConfig, neuronCases } from "../helpers/golden.ts";
import { nodemcuCore, reportNotRun } from "../helpers/nodemcu.ts";

const dir = mkdtempSync(join(tmpdir(), "spikeloop-numbers-"));

async function boardNumbers(lua: string): Promise<string> {
  const device = await Device.open(await spawnStdioFirmware(lua));
  try {
    return device.info.numbers;
  } finally {
    await device.close();
  }
}

describe("the number type in HelloReply, measured on the VM", () => {
  it("desktop Lua 5.1 reports doubles", async () => {
    expect(await boardNumbers("lua5.1")).toBe("double");
  });

  const core51 = nodemcuCore("51");
  const core53 = nodemcuCore("53");
  const coreInt = nodemcuCore("int");
  if (core51 !== undefined) it("NodeMCU Lua 5.1 reports doubles", async () => expect(await boardNumbers(core51)).toBe("double"));
  else reportNotRun("the number type of NodeMCU's Lua 5.1", "51");
  if (core53 !== undefined) it("NodeMCU Lua 5.3 reports float32", async () => expect(await boardNumbers(core53)).toBe("float32"));
  else reportNotRun("the number type of NodeMCU's Lua 5.3", "53");
  if (coreInt !== undefined) {
    it("NodeMCU's integer build measures integers (the firmware's measuring module alone)", () => {
      const script = join(dir, "measure.lua");
      writeFileSync(script, `package.path = ${JSON.stringify(`${FIRMWARE_APP_DIR}/?.lua`)}\nprint(require("shared.number-type").measureNumberType())\n`);
      const result = spawnSync(coreInt, ["-e", script], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.stdout.trim()).toBe("2");
    });
  } else reportNotRun("the number type of NodeMCU's integer build", "int");
});

describe("the host and the board's numbers", () => {
  const info = { inputCapacity: 512, numbers: "integer" } as Parameters<typeof resolveSpec>[1];

  it("refuses a float layer on an integer build before the wire, naming the fix", () => {
    for (const dtype of ["float64", "float32"]) {
      const err = (() => {
        try {
          resolveSpec({ model: "Leaky", neurons: 1, beta: 0.5, dtype }, info);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(DeviceUsageError);
      expect((err as DeviceUsageError).code).toBe("float-on-integer-board");
      expect((err as Error).message).toMatch(/integers only.*Fix: set "dtype": "int" in the layer config/);
    }
    expect(resolveSpec({ model: "Leaky", neurons: 1, beta: 0.5, dtype: "int" }, info).dtype).toBe("int");
  });

  it("knows which numbers each layer gets on each board", () => {
    expect(layerNumbers("float64", "double")).toBe("float64");
    expect(layerNumbers("float32", "double")).toBe("float64");
    expect(layerNumbers("float64", "float32")).toBe("float32");
    expect(layerNumbers("int", "float32")).toBe("int32");
    expect(layerNumbers("int", "integer")).toBe("int32");
  });

  it("the ts backend's trace says it computed a float32 layer in float32", async () => {
    const ts = createTsBackend();
    const c = neuronCases().find((k) => k.dtype === "float32")!;
    const spec = resolveSpec(layerConfig(c), { ...info, numbers: "double" });
    expect((await ts.simulate(spec, { steps: 1, channels: c.neurons, values: new Float64Array(c.neurons) })).numbers).toBe("float32");
  });

  const core53 = nodemcuCore("53");
  if (core53 === undefined) {
    reportNotRun("simulate --lua luac.cross.53: the float32 warning and a float32 golden file byte for byte", "53");
    return;
  }

  function simulate(c: GoldenCase, dtype: string) {
    const config = join(dir, `${c.name}-${dtype}.json`);
    writeFileSync(config, JSON.stringify({ ...layerConfig(c), dtype }));
    const out = join(dir, `${c.name}-${dtype}.csv`);
    const args = ["simulate", "--config", config, "--input", join(GOLDEN_DIR, c.file), "--out", out, "--backend", "emulator", "--lua", core53!];
    return { ...spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" }), out };
  }

  it("simulate on NodeMCU Lua 5.3: a float32 golden file byte for byte, said to be float32", () => {
    const c = neuronCases().find((k) => k.name === "synaptic_step_subtract_f32")!;
    const result = simulate(c, "float32");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/on the emulator\/.*luac\.cross\.53 backend, computed in float32\n?$/);
    expect(readFileSync(result.out, "utf8")).toBe(readFileSync(join(GOLDEN_DIR, c.file), "utf8"));
  });

  it("simulate on NodeMCU Lua 5.3: a float64 layer is computed in float32, with a warning that says so", () => {
    const c = neuronCases().find((k) => k.name === "synaptic_step_subtract_f64")!;
    const result = simulate(c, "float64");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/computed in float32\nwarning: the board computes in float32 .* this float64 layer's trace will be float32 arithmetic/);
    expect(readFileSync(result.out, "utf8")).not.toBe(readFileSync(join(GOLDEN_DIR, c.file), "utf8"));
  });
});
