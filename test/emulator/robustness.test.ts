/**
 * Bad input sent to the emulated NodeMCU board (the real firmware, behind the emulated UART with
 * its 256-byte ring and F7-terminated delivery): error replies, never a panic or a hang, and the
 * next good frame works.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeviceError, Model, Reset } from "../../src/shared/codes.ts";
import { Encoding, Op, WireError } from "../../src/shared/protocol.ts";
import { NodeMcuEmulator, readFirmwareFiles } from "../../src/emulator/index.ts";
import { DeviceStream, errorOf, expectAck, frame, req, type Reply, spikesOf } from "../helpers/frames.ts";

let emu: NodeMcuEmulator;
let stream: DeviceStream;

beforeEach(async () => {
  emu = await NodeMcuEmulator.create({ files: readFirmwareFiles() });
  stream = new DeviceStream();
  emu.onOutput((bytes) => stream.push(bytes));
});

afterEach(async () => {
  await emu.close();
});

/** Sends bytes to the board and returns the extension replies they produced. */
async function send(bytes: number[]): Promise<Reply[]> {
  const before = stream.replies().length;
  emu.receive(Uint8Array.from(bytes));
  await emu.settle();
  return stream.replies().slice(before);
}

async function expectError(bytes: number[], want: { op: number; code: number }, seq?: number): Promise<void> {
  const replies = await send(bytes);
  expect(replies, JSON.stringify(want)).toHaveLength(1);
  expect(replies[0].op).toBe(Op.Error);
  if (seq !== undefined) expect(replies[0].seq).toBe(seq);
  expect(errorOf(replies[0])).toMatchObject(want);
}

async function expectAlive(seq: number): Promise<void> {
  const replies = await send(req.status(seq));
  expect(replies.map((r) => [r.op, r.seq])).toEqual([[Op.StatusReply, seq]]);
}

describe("the emulated board under bad input", () => {
  it("answers each malformed frame with its Error and keeps working", async () => {
    // A frame cut short by a command byte (F9). NodeMCU hands bytes over at the next F7, so the
    // cut frame is reported when the following frame arrives, and that frame is answered too.
    const cut = await send([0xf0, 0x01, Op.Hello, 2, 0xf9, ...req.status(4)]);
    expect(cut.map((r) => [r.op, r.seq])).toEqual([[Op.Error, 0x7f], [Op.StatusReply, 4]]);
    expect(errorOf(cut[0])).toMatchObject({ op: 0x7f, code: WireError.BadLength });
    const bad = req.hello(3);
    bad[bad.length - 2] ^= 1;
    await expectError(bad, { op: Op.Hello, code: WireError.BadChecksum }, 3);
    await expectError(frame(0x3c, 5), { op: 0x3c, code: WireError.UnknownOp }, 5);
    await expectError(frame(Op.Status, 6, [1, 2]), { op: Op.Status, code: WireError.BadLength }, 6);
    await expectError(req.step(7, 1, 0, 0), { op: Op.Step, code: WireError.NotConfigured }, 7);
    await expectError(req.input(8, 9 as Encoding, 0, []), { op: Op.Input, code: WireError.BadEncoding }, 8);
    await expectError(req.configBegin(9, 42, Reset.Subtract, 0, 1), { op: Op.ConfigBegin, code: DeviceError.UnknownModel }, 9);
    await expectError(req.configBegin(10, Model.Leaky, Reset.Subtract, 0, 0), { op: Op.ConfigBegin, code: DeviceError.BadNeuronCount }, 10);
    expectAck(await send(req.configBegin(11, Model.Leaky, Reset.Subtract, 0, 1)));
    await expectError(req.configParam(12, 1, 0, [NaN]), { op: Op.ConfigParam, code: DeviceError.NotFinite }, 12);
    await expectError(req.configParam(13, 1, 5, [0.9]), { op: Op.ConfigParam, code: DeviceError.BadIndex }, 13);
    expectAck(await send(req.configParam(14, 3, 0, [-1])));
    await expectError(req.configEnd(15), { op: Op.ConfigEnd, code: DeviceError.NegativeThreshold }, 15);

    // The next good configuration runs: beta 0.5, threshold 1, input 1.5 spikes at step 0.
    expectAck(await send(req.configParam(16, 3, 0, [1])));
    expectAck(await send(req.configParam(17, 1, 0, [0.5])));
    expectAck(await send(req.configEnd(18)));
    expectAck(await send(req.input(19, Encoding.F64, 0, [1.5])));
    const replies = await send(req.step(20, 1, 0, 0));
    expect(spikesOf(replies[0], 1).spikes).toEqual([[1]]);
    expectAck(replies.slice(1));
    expect(emu.panics).toEqual([]);
  });

  it("survives more garbage than its receive ring holds, then answers the next frame", async () => {
    let seed = 12345;
    const random = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % m;
    };
    for (let round = 0; round < 8; round++) {
      // 600 random bytes, F7 included only by chance: the 256-byte ring overflows and drops bytes.
      emu.receive(Uint8Array.from({ length: 600 }, () => random(256)));
      await emu.settle();
    }
    // A frame cut by garbage may still be open: one F7 closes whatever is pending.
    emu.receive(Uint8Array.of(0xf7));
    await emu.settle();
    await expectAlive(33);
    expect(emu.rxDropped).toBeGreaterThan(0);
    expect(emu.panics).toEqual([]);
  });
});
