/**
 * What a board would do: streamed lockstep runs on the emulator with a board profile
 * (src/emulator/board-time.ts), whose clock charges every Lua VM instruction the board's
 * estimated cost and moves UART bytes at the baud rate. Steps per second are the board's
 * (virtual) time, not this computer's; beside them the wire-only limit (the baud rate over the
 * bytes a step takes in the busier direction, as if the board computed nothing) and the bytes
 * per step against the information minimum after 7-bit packing.
 */
import { NodeMcuEmulator, openEmulatorLink } from "../src/emulator/index.ts";
import type { BoardName } from "../src/emulator/board-time.ts";
import { Device } from "../src/host/client/device.ts";
import type { Currents } from "../src/host/currents.ts";
import { countingLink } from "./counting-link.ts";
import { formatTable } from "./table.ts";
import { leakyConfig } from "./workload.ts";

export type InputKind = "f64" | "f32" | "f16" | "spike";

export const PREDICTION_NEURONS = [1, 16, 64];
export const PREDICTION_INPUTS: InputKind[] = ["f64", "f32", "f16", "spike"];
export const PREDICTION_BAUDS = [115200, 921600];
const BITS: Record<InputKind, number> = { f64: 64, f32: 32, f16: 16, spike: 1 };

export interface PredictionRow {
  board: BoardName;
  baud: number;
  n: number;
  input: InputKind;
  steps: number;
  /** Steps per second of the board's time. */
  stepsPerSecond: number;
  /** The baud rate's bytes per second over the busier direction's bytes per step. */
  wireLimit: number;
  sentPerStep: number;
  receivedPerStep: number;
  /** Information minimum after 7-bit packing: n·bits/7 host → device, n/7 back (spikes only). */
  minSent: number;
  minReceived: number;
  instructionsPerStep: number;
  /** Bytes the board's receive ring lost (must be 0: the host's window keeps it from overflowing). */
  dropped: number;
}

/** Park–Miller currents in [0, 0.3), or 0/1 inputs at about 20 %. */
export function predictionInputs(n: number, steps: number, spikes: boolean): Currents {
  const values = new Float64Array(n * steps);
  let x = 12345;
  for (let k = 0; k < values.length; k++) {
    x = (x * 16807) % 2147483647;
    values[k] = spikes ? (x % 5 === 0 ? 1 : 0) : (x / 2147483647) * 0.3;
  }
  return { steps, channels: n, values };
}

/** Spikes-only streamed runs of `steps` steps for every neuron count, input and baud rate. */
export async function measureBoardPredictions(board: BoardName, steps: number): Promise<PredictionRow[]> {
  const rows: PredictionRow[] = [];
  for (const baud of PREDICTION_BAUDS) {
    for (const n of PREDICTION_NEURONS) {
      const emulator = await NodeMcuEmulator.create({ board });
      const link = countingLink(openEmulatorLink(emulator));
      try {
        const device = await Device.open(link);
        if (baud !== 115200 && !(await device.setBaudRate(baud))) throw new Error(`the emulated board did not take ${baud} baud`);
        await device.configure(leakyConfig(n));
        for (const input of PREDICTION_INPUTS) {
          const currents = predictionInputs(n, steps, input === "spike");
          await device.resetState();
          link.reset();
          const t0 = emulator.clock.now();
          const i0 = emulator.instructions;
          await device.run(currents, { states: false, encoding: input === "spike" ? "f64" : input, inputEncoding: input });
          const seconds = (emulator.clock.now() - t0) / 1e6;
          const { sent, received } = link.counts();
          rows.push({
            board, baud, n, input, steps,
            stepsPerSecond: steps / seconds,
            wireLimit: baud / 10 / (Math.max(sent, received) / steps),
            sentPerStep: sent / steps,
            receivedPerStep: received / steps,
            minSent: (n * BITS[input]) / 7,
            minReceived: n / 7,
            instructionsPerStep: (emulator.instructions - i0) / steps,
            dropped: emulator.rxDropped,
          });
        }
        await device.close();
      } finally {
        await emulator.close();
      }
    }
  }
  return rows;
}

const rate = (x: number) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));

export function formatPredictions(rows: PredictionRow[]): string {
  return formatTable(
    ["board", "baud", "neurons", "inputs", "board steps/s", "wire-only limit", "VM instr/step", "host->dev B/step", "x min", "dev->host B/step", "x min", "ring lost"],
    rows.map((r) => [
      r.board, String(r.baud), String(r.n), r.input, rate(r.stepsPerSecond), rate(r.wireLimit), r.instructionsPerStep.toFixed(0),
      r.sentPerStep.toFixed(1), (r.sentPerStep / r.minSent).toFixed(2), r.receivedPerStep.toFixed(1), (r.receivedPerStep / r.minReceived).toFixed(2),
      String(r.dropped),
    ]),
  );
}
