/**
 * The I32 encoding of int layers: the codec, and the firmware (under a real Lua, through the
 * stdio adapter) taking I32 configuration, inputs and States for int layers and only for them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeviceError, Dtype, Model, Param, Reset, State } from "../../src/shared/codes.ts";
import { Encoding, Op, ReportFlag, WireError } from "../../src/shared/protocol.ts";
import { intValid, readInt, writeInt } from "../../src/shared/wire/int32.ts";
import { readUint } from "../../src/shared/wire/septets.ts";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { Device } from "../../src/host/client/device.ts";
import { type ProcessLink, spawnStdioFirmware } from "../../src/host/client/process-link.ts";
import type { SpikeReport, StateReport } from "../../src/host/client/reports.ts";
import { DeviceStream, type Reply, errorOf, floats, frame, isFinal, uint } from "../helpers/frames.ts";

const INT_MAX = 2147483647;

function ints(values: number[]): number[] {
  const out: number[] = [];
  let pos = 0;
  for (const v of values) pos = writeInt(out, pos, v);
  return out;
}

describe("the I32 codec", () => {
  it("round-trips every magnitude up to 2^31 − 1 in five septets, sign in bit 3 of the last", () => {
    const values = [0, 1, -1, 127, 128, -129, 2 ** 28 - 1, 2 ** 28, -(2 ** 30), INT_MAX, -INT_MAX];
    for (let k = 0; k < 200; k++) values.push(Math.round((Math.sin(k * 7.1) * INT_MAX)));
    for (const v of values) {
      const septets = ints([v]);
      expect(septets).toHaveLength(5);
      for (const s of septets) expect(s >= 0 && s < 128 && Number.isInteger(s)).toBe(true);
      expect(septets[4] < 16).toBe(true);
      expect(intValid(septets, 0)).toBe(true);
      expect(readInt(septets, 0)).toBe(v);
    }
    expect(ints([-5])).toEqual([5, 0, 0, 0, 8]);
    expect(Object.is(readInt([0, 0, 0, 0, 8], 0), 0)).toBe(true);
    expect(intValid([0, 0, 0, 0, 16], 0)).toBe(false);
  });
});

describe("int layers on the firmware under lua5.3", () => {
  let link: ProcessLink;
  const stream = new DeviceStream();
  let seq = 0;

  /** Sends one request frame and collects the replies up to its final one. */
  async function exchange(bytes: number[]): Promise<Reply[]> {
    const before = stream.replies().length;
    await link.write(Uint8Array.from(bytes));
    for (;;) {
      const replies = stream.replies().slice(before);
      if (replies.some(isFinal)) return replies;
      const chunk = await link.read();
      if (chunk === null) throw new Error(`the firmware exited: ${link.stderr()}`);
      stream.push(chunk);
    }
  }

  const next = () => (seq = (seq + 1) % 128);
  const final = (replies: Reply[]) => replies[replies.length - 1];

  beforeAll(async () => {
    link = await spawnStdioFirmware("lua5.3");
  });
  afterAll(async () => {
    await link.close();
  });

  it("configures an int Leaky layer from I32 values, refusing F64 ones", async () => {
    expect(final(await exchange(frame(Op.ConfigBegin, next(), [Model.Leaky, Reset.Subtract, Dtype.Int, ...uint(2, 2)]))).op).toBe(Op.Ack);
    const f64 = final(await exchange(frame(Op.ConfigParam, next(), [Param.Beta, ...uint(0, 2), 2, ...floats([0.5, 0.5], Encoding.F64)])));
    expect(errorOf(f64).code).toBe(WireError.BadLength);
    const half = 2 ** 29; // 0.5 in Q30
    for (const [id, values] of [[Param.Beta, [half, half]], [Param.Threshold, [2 ** 20, 2 ** 20]], [Param.Gain, [2 ** 20, 2 ** 20]]] as const) {
      expect(final(await exchange(frame(Op.ConfigParam, next(), [id, ...uint(0, 2), 2, ...ints([...values])]))).op).toBe(Op.Ack);
    }
    const bad = final(await exchange(frame(Op.ConfigState, next(), [State.Mem, ...uint(0, 2), 1, 0, 0, 0, 0, 16])));
    expect(errorOf(bad).code).toBe(DeviceError.NotFinite);
    expect(final(await exchange(frame(Op.ConfigState, next(), [State.Mem, ...uint(0, 2), 2, ...ints([-INT_MAX, 3])]))).op).toBe(Op.Ack);
    const end = final(await exchange(frame(Op.ConfigEnd, next())));
    expect(end.op).toBe(Op.Ack);
  });

  it("takes I32 inputs and reports I32 states, saturating at ±(2^31 − 1)", async () => {
    const f64Input = final(await exchange(frame(Op.Input, next(), [Encoding.F64, ...uint(0, 2), 2, ...floats([1, 1], Encoding.F64)])));
    expect(errorOf(f64Input).code).toBe(WireError.BadEncoding);
    expect(final(await exchange(frame(Op.Input, next(), [Encoding.I32, ...uint(0, 2), 2, ...ints([-INT_MAX, 2 ** 19])]))).op).toBe(Op.Ack);
    const f64States = final(await exchange(frame(Op.Step, next(), [...uint(1, 2), ReportFlag.States, Encoding.F64])));
    expect(errorOf(f64States).code).toBe(WireError.BadEncoding);
    const replies = await exchange(frame(Op.Step, next(), [...uint(1, 2), ReportFlag.States, Encoding.I32]));
    const states = replies.find((r) => r.op === Op.States)!;
    const p = states.payload;
    expect({ state: p[4], start: readUint(p, 5, 2), count: p[7], encoding: p[8] }).toEqual({ state: State.Mem, start: 0, count: 2, encoding: Encoding.I32 });
    // mem = mem·0.5 + x: −(2^31 − 1)/2 − (2^31 − 1) saturates; 3·0.5 rounds to 2, + 2^19.
    expect([readInt(p, 9), readInt(p, 14)]).toEqual([-INT_MAX, 2 + 2 ** 19]);
    expect(final(replies).op).toBe(Op.Ack);
  });

  it("a float layer refuses I32", async () => {
    expect(final(await exchange(frame(Op.ConfigBegin, next(), [Model.Leaky, Reset.Subtract, Dtype.Float64, ...uint(1, 2)]))).op).toBe(Op.Ack);
    expect(final(await exchange(frame(Op.ConfigParam, next(), [Param.Beta, ...uint(0, 2), 1, ...floats([0.5], Encoding.F64)]))).op).toBe(Op.Ack);
    expect(final(await exchange(frame(Op.ConfigEnd, next()))).op).toBe(Op.Ack);
    const i32Input = final(await exchange(frame(Op.Input, next(), [Encoding.I32, ...uint(0, 2), 1, ...ints([5])])));
    expect(errorOf(i32Input).code).toBe(WireError.BadEncoding);
  });
});

describe("an int layer in the realtime loop of the emulated board", () => {
  it("reports spikes and states in real units, equal to the ts backend's trace", async () => {
    const emulator = await NodeMcuEmulator.create();
    const device = await Device.open(openEmulatorLink(emulator));
    const config = { model: "Leaky", neurons: 2, beta: [0.5, 0.9], graded_spikes_factor: [1, 2], dtype: "int" };
    await device.configure(config);
    await expect(device.start({ periodMs: 10, every: 3, states: true, encoding: "f64" })).rejects.toMatchObject({ code: "option" });
    await device.setInputs([0.6, 0.3]);
    const spikes: SpikeReport[] = [];
    const states: StateReport[] = [];
    device.on("spikes", (r) => spikes.push(r));
    device.on("states", (r) => states.push(r));
    await device.start({ periodMs: 10, every: 3, states: true });
    await emulator.advance(125);
    const steps = await device.stop();
    expect(steps).toBeGreaterThanOrEqual(9);
    const held = Float64Array.from({ length: steps * 2 }, (_, k) => [0.6, 0.3][k % 2]);
    const expected = await createTsBackend().simulate(parseLayerConfig(config), { steps, channels: 2, values: held });
    const at = (t: number, i: number, column: number) => expected.values[(t * 2 + i) * 2 + column];
    expect(spikes.flatMap((r) => Array.from(r.values))).toEqual(Array.from({ length: steps * 2 }, (_, k) => at(Math.floor(k / 2), k % 2, 1)));
    expect(spikes.some((r) => Array.from(r.values).includes(2))).toBe(true);
    expect(states.length).toBeGreaterThan(0);
    for (const r of states) expect(r.values).toEqual([at(r.firstStep, 0, 0), at(r.firstStep, 1, 0)]);
    await device.close();
    await emulator.close();
  });
});
