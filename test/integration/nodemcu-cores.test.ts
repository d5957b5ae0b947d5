/**
 * The firmware on NodeMCU's own Lua cores (luac.cross.51: the default ESP8266 build, doubles;
 * luac.cross.53: float32 and int32), through the stdio adapter over pipes, driven by the host's
 * Device as a board would be:
 *
 * | layers                | core     | result                          |
 * |-----------------------|----------|---------------------------------|
 * | float64 golden traces | 5.1      | within 1e-9, same spikes        |
 * | float32 golden traces | 5.3      | bit for bit                     |
 * | integer traces        | 5.1, 5.3 | byte-identical to ts            |
 *
 * plus the wire (encodings, many frames per batch) and garbage on the link. Without the cores
 * each block reports itself NOT RUN (helpers/nodemcu.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Encoding } from "../../src/shared/protocol.ts";
import { readFloat, writeFloat } from "../../src/shared/wire/ieee.ts";
import type { Backend, Trace } from "../../src/host/backends/backend.ts";
import { createWireBackend } from "../../src/host/backends/emulator.ts";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { formatTraceCsv } from "../../src/host/csv.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { Device } from "../../src/host/client/device.ts";
import { spawnStdioFirmware } from "../../src/host/client/process-link.ts";
import { type GoldenCase, layerConfig, neuronCases, readGoldenTrace } from "../helpers/golden.ts";
import { intGoldenCases, MODELS, randomIntCase } from "../helpers/integer.ts";
import { type Tolerance, mismatches, saveFailure } from "../helpers/match.ts";
import { type CoreName, nodemcuCore, reportNotRun } from "../helpers/nodemcu.ts";

const cases = neuronCases();

function coreBackend(core: string): Backend {
  return createWireBackend({ name: `nodemcu/${core}`, openLink: () => spawnStdioFirmware(core) });
}

/** What a golden case must meet on a core; undefined where the table above asks nothing. */
function goldenTolerance(core: CoreName, c: GoldenCase): Tolerance | undefined {
  if (core === "51") return c.dtype === "float64" ? 1e-9 : 1e-5; // float32 cases computed in doubles
  return c.dtype === "float32" ? "exact" : undefined; // float64 layers compute in float32 on 5.3
}

for (const name of ["51", "53"] as const) {
  const core = nodemcuCore(name);
  describe(`NodeMCU Lua core luac.cross.${name}`, () => {
    if (core === undefined) {
      reportNotRun(`golden, integer, wire and garbage tests on NodeMCU's Lua ${name === "51" ? "5.1" : "5.3"}`, name);
      return;
    }
    let board: Backend;
    beforeAll(() => {
      board = coreBackend(core);
    });
    afterAll(() => board.close());

    it(`golden snnTorch traces: ${name === "51" ? "float64 within 1e-9" : "float32 bit for bit"}, same spikes`, async () => {
      let compared = 0;
      for (const c of cases) {
        const tolerance = goldenTolerance(name, c);
        if (tolerance === undefined) continue;
        const golden = readGoldenTrace(c);
        const trace = await board.simulate(parseLayerConfig(layerConfig(c)), golden.inputs);
        expect(trace.columns, c.name).toEqual(golden.columns);
        const wrong = mismatches(trace, golden.expected, tolerance);
        if (wrong.length > 0) saveFailure(`${c.name}.nodemcu-${name}`, trace, golden.inputs, golden.csv);
        expect(wrong, c.name).toEqual([]);
        compared++;
      }
      expect(compared).toBeGreaterThan(20);
    }, 120_000);

    it("integer layers: golden cases and long random runs byte-identical to the ts backend", async () => {
      const ts = createTsBackend();
      const intCases = [...intGoldenCases(), ...MODELS.map((m, k) => randomIntCase(m, 900 + k, 4, 120))];
      for (const c of intCases) {
        const want = formatTraceCsv(await ts.simulate(c.spec, c.inputs), c.inputs);
        const got = formatTraceCsv(await board.simulate(c.spec, c.inputs), c.inputs);
        expect(got, c.name).toBe(want);
      }
      await ts.close();
    }, 120_000);

    it("the wire: a 64-neuron layer in many frames per batch, states in F64, F32 and F16", async () => {
      // The core's own numbers: doubles on 5.1, float32 on 5.3 (where ts rounds as snnTorch does).
      const dtype = name === "51" ? "float64" : "float32";
      const spec = parseLayerConfig({ model: "Synaptic", neurons: 64, alpha: 0.5, beta: 0.75, threshold: 1, dtype });
      const steps = 40;
      const values = Float64Array.from({ length: steps * 64 }, (_, k) => ((k * 37) % 17) / 8);
      const inputs = { steps, channels: 64, values };
      const expected = await createTsBackend().simulate(spec, inputs);
      const device = await Device.open(await spawnStdioFirmware(core));
      try {
        await device.configure(spec);
        for (const [encoding, code] of [["f64", Encoding.F64], ["f32", Encoding.F32], ["f16", Encoding.F16]] as const) {
          await device.resetState();
          const trace = await device.run(inputs, { encoding, batchSize: 7 });
          // The trace equals the ts backend's, rounded to the encoding.
          expect(column(trace, "spk"), encoding).toEqual(column(expected, "spk"));
          for (const state of ["syn", "mem"]) {
            expect(column(trace, state), `${encoding} ${state}`).toEqual(column(expected, state).map((x) => roundTo(x, code)));
          }
        }
      } finally {
        await device.close();
      }
    }, 60_000);

    it("garbage on the link: the firmware keeps answering", async () => {
      const link = await spawnStdioFirmware(core);
      let seed = 4242;
      const random = (m: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % m;
      };
      for (let round = 0; round < 4; round++) await link.write(Uint8Array.from({ length: 700 }, () => random(256)));
      await link.write(Uint8Array.of(0xf7));
      const device = await Device.open(link);
      try {
        expect((await device.status()).mode).toBe("unconfigured");
        await device.configure(parseLayerConfig({ model: "Leaky", neurons: 1, beta: 0.5, threshold: 1 }));
        const trace = await device.run({ steps: 1, channels: 1, values: Float64Array.of(1.5) });
        expect(column(trace, "spk")).toEqual([1]);
      } finally {
        await device.close();
      }
    }, 60_000);
  });
}

function column(trace: Trace, name: string): number[] {
  const width = trace.columns.length;
  const k = trace.columns.indexOf(name);
  return Array.from({ length: trace.values.length / width }, (_, row) => trace.values[row * width + k]);
}

function roundTo(x: number, encoding: Encoding): number {
  const out: number[] = [];
  writeFloat(out, 0, x, encoding);
  return readFloat(out, 0, encoding);
}
