/**
 * Heap taken by a 64-neuron layer of each model: on the emulated board, the free heap its
 * StatusReply reports (the emulator's node.heap()) before and after `Device.configure`; and in
 * stand-alone Lua interpreters, collectgarbage("count") around the transpiled `configureLayer`
 * (bench/lua/heap.lua), the layer alone, without the runtime's copy of the initial states.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { layerBytes } from "../src/device/config-ops.ts";
import { NodeMcuEmulator, openEmulatorLink } from "../src/emulator/index.ts";
import { deviceArguments } from "../src/host/backends/backend.ts";
import { dtypeCode, parseLayerConfig } from "../src/host/config.ts";
import { Device } from "../src/host/client/device.ts";
import { FIRMWARE_APP_DIR } from "../src/io/paths.ts";
import { BENCH_LUA_DIR } from "./in-process-lua.ts";
import { luaLiteral } from "./lua-literal.ts";

export const HEAP_NEURONS = 64;

/** One layer per model, with the parameters of the golden cases (test/fixtures/golden). */
const MODELS: Record<string, Record<string, number>> = {
  Lapicque: { R: 5, C: 0.001, time_step: 0.001 },
  Leaky: { beta: 0.9 },
  Synaptic: { alpha: 0.8, beta: 0.9 },
  Alpha: { alpha: 0.9, beta: 0.8 },
  RLeaky: { beta: 0.9, V: 0.5 },
  RSynaptic: { alpha: 0.8, beta: 0.9, V: -0.25 },
};

export const HEAP_MODELS = Object.keys(MODELS);

const layerConfig = (model: string) => ({ model, neurons: HEAP_NEURONS, threshold: 1, reset_mechanism: "subtract", ...MODELS[model] });

export interface EmulatorHeap {
  /** Free heap of the booted board before any layer (bytes). */
  before: number;
  /** Per model: heap the configured layer took (before minus after, bytes). */
  used: Record<string, number>;
  /** The runtime's own estimate (config-ops.ts layerBytes), which decides max_neurons. */
  estimate: number;
}

/** One board; each model's layer replaces the last, and the heap is read after each configure. */
export async function emulatorHeap(): Promise<EmulatorHeap> {
  const emulator = await NodeMcuEmulator.create();
  try {
    const device = await Device.open(openEmulatorLink(emulator));
    const before = (await device.status()).heap;
    const used: Record<string, number> = {};
    for (const model of HEAP_MODELS) {
      await device.configure(layerConfig(model));
      used[model] = before - (await device.status()).heap;
    }
    await device.close();
    return { before, used, estimate: layerBytes(HEAP_NEURONS) };
  } finally {
    await emulator.close();
  }
}

export type InterpreterHeap = { version: string; used: Record<string, number> } | { missing: true };

function luaLayers(): string {
  return luaLiteral(
    HEAP_MODELS.map((model) => {
      const spec = parseLayerConfig(layerConfig(model));
      const args = deviceArguments(spec, { steps: 0, channels: HEAP_NEURONS, values: new Float64Array(0) });
      return {
        model: spec.model as number, reset: spec.reset as number, dtype: dtypeCode(spec.dtype) as number, n: HEAP_NEURONS,
        paramIds: args.paramIds, paramValues: args.paramValues, stateIds: args.stateIds, stateValues: args.stateValues,
      };
    }),
  );
}

/** The layers under a stand-alone interpreter (lua5.1 is NodeMCU's Lua). */
export function interpreterHeap(interpreter: string): InterpreterHeap {
  const path = join(FIRMWARE_APP_DIR, "?.lua");
  const child = spawnSync(interpreter, [join(BENCH_LUA_DIR, "heap.lua"), path, luaLayers()], { encoding: "utf8" });
  if ((child.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return { missing: true };
  if (child.error !== undefined || child.status !== 0) throw new Error(`${interpreter} failed: ${child.error?.message ?? child.stderr}`);
  let version = interpreter;
  const bytes: number[] = [];
  for (const line of child.stdout.trim().split("\n")) {
    const [tag, ...fields] = line.split("\t");
    if (tag === "version") version = fields[0];
    if (tag === "layer") bytes.push(Number(fields[1]));
  }
  return { version, used: Object.fromEntries(HEAP_MODELS.map((m, k) => [m, bytes[k]])) };
}
