/**
 * Host → device requests as bytes: neuron-extension frames built with the device's own frame
 * and number codecs, chunked so that no frame exceeds the device's frame limit, and the few
 * Firmata core queries the client sends.
 */
import { CHECK_SEPTETS, Encoding, Firmata, Op, Sysex } from "../../shared/protocol.ts";
import { beginFrame, endFrame } from "../../shared/wire/frame.ts";
import { valueSeptets, writeValue } from "../../shared/wire/int32.ts";
import { writeUint } from "../../shared/wire/septets.ts";

/** Bytes of a frame besides its payload: F0 01 op seq … check F7. */
const FRAME_OVERHEAD = 5 + CHECK_SEPTETS;
/** Largest `count` of a values frame: one septet. */
const MAX_COUNT = 127;

const OP_NAMES: Record<number, string> = {
  [Op.Hello]: "Hello",
  [Op.ConfigBegin]: "ConfigBegin",
  [Op.ConfigParam]: "ConfigParam",
  [Op.ConfigState]: "ConfigState",
  [Op.ConfigEnd]: "ConfigEnd",
  [Op.Input]: "Input",
  [Op.Step]: "Step",
  [Op.Start]: "Start",
  [Op.Stop]: "Stop",
  [Op.Status]: "Status",
  [Op.ResetState]: "ResetState",
  [Op.BindInput]: "BindInput",
  [Op.BindOutput]: "BindOutput",
  [Op.ClearBindings]: "ClearBindings",
  [Op.NetBegin]: "NetBegin",
  [Op.NetLayer]: "NetLayer",
  [Op.NetWeights]: "NetWeights",
  [Op.StreamBegin]: "StreamBegin",
  [Op.StreamData]: "StreamData",
  [Op.StreamSync]: "StreamSync",
  [Op.SetBaud]: "SetBaud",
};

/** The name of a request op, for messages ("Step"); hex for an unknown one. */
export function opName(op: number): string {
  return OP_NAMES[op] ?? `op 0x${op.toString(16).padStart(2, "0")}`;
}

/** A request ready to send but for its seq. */
export interface Request {
  op: number;
  /** The whole frame for `seq`. */
  frame(seq: number): Uint8Array;
}

/** A request whose payload is `fields` septets (already 7-bit). */
export function request(op: number, fields: number[] = []): Request {
  return {
    op,
    frame(seq: number): Uint8Array {
      const out: number[] = [];
      let pos = beginFrame(out, op, seq);
      for (const b of fields) out[pos++] = b;
      return Uint8Array.from(out.slice(0, endFrame(out, pos)));
    },
  };
}

/** Septets of an unsigned integer field. */
export function uint(value: number, septets: number): number[] {
  const out: number[] = [];
  writeUint(out, 0, value, septets);
  return out;
}

/** Septets of numbers in `encoding`. */
function floats(values: ArrayLike<number>, from: number, count: number, encoding: number): number[] {
  const out: number[] = [];
  let pos = 0;
  for (let m = 0; m < count; m++) pos = writeValue(out, pos, values[from + m], encoding);
  return out;
}

/** How many values of `encoding` fit a frame of at most `maxFrame` bytes after `header` septets. */
function valuesPerFrame(maxFrame: number, header: number, encoding: number): number {
  return Math.min(MAX_COUNT, Math.floor((maxFrame - FRAME_OVERHEAD - header) / valueSeptets(encoding)));
}

/**
 * Frames `op prefix… start count values…` carrying values[m] at device index m (start: u14, or
 * `startSeptets` septets), each frame
 * within `maxFrame` bytes (which handshake.ts checked holds one value). `prefix` are the septets
 * before `start`: the Param or State id of ConfigParam/ConfigState, the encoding of Input.
 */
function valueRequests(op: number, prefix: number[], values: ArrayLike<number>, encoding: number, maxFrame: number, startSeptets = 2): Request[] {
  const per = valuesPerFrame(maxFrame, prefix.length + startSeptets + 1, encoding);
  const out: Request[] = [];
  for (let m = 0; m < values.length; m += per) {
    const count = Math.min(per, values.length - m);
    out.push(request(op, [...prefix, ...uint(m, startSeptets), count, ...floats(values, m, count, encoding)]));
  }
  return out;
}

/** ConfigParam or ConfigState frames for one parameter or state of every neuron: F64, or I32 for an int layer. */
export function configValueRequests(
  op: Op.ConfigParam | Op.ConfigState,
  id: number,
  values: number[],
  maxFrame: number,
  encoding: Encoding.F64 | Encoding.I32 = Encoding.F64,
): Request[] {
  return valueRequests(op, [id], values, encoding, maxFrame);
}

/**
 * NetWeights frames (`part start:u21 count values…`, F64 or an int network's I32) for one part of a network layer's weights,
 * values[m] at index m, each within `maxFrame` bytes.
 */
export function netWeightRequests(part: number, values: number[], maxFrame: number, encoding: Encoding.F64 | Encoding.I32 = Encoding.F64): Request[] {
  return valueRequests(Op.NetWeights, [part], values, encoding, maxFrame, 3);
}

/** Input frames (`encoding start:u14 count values…`): values[m] goes to input buffer index m. */
/** Values one Input frame carries: frame k of an input holds values k·per to (k+1)·per − 1. */
export function inputValuesPerFrame(encoding: Encoding, maxFrame: number): number {
  return valuesPerFrame(maxFrame, INPUT_HEADER, encoding);
}

/** Septets of an Input frame before its values: the encoding, start:u14 and count. */
const INPUT_HEADER = 1 + 2 + 1;

export function inputRequests(values: ArrayLike<number>, encoding: Encoding, maxFrame: number): Request[] {
  return valueRequests(Op.Input, [encoding], values, encoding, maxFrame);
}

/** The smallest frame limit a device may report: an Input frame of one F64 value. */
export const MIN_MAX_FRAME = FRAME_OVERHEAD + 4 + 10;

/** F9 then F0 79 F7: ask for the Firmata version and the firmware's version and name. */
export const IDENTITY_QUERIES = Uint8Array.of(Firmata.ReportVersion, Firmata.StartSysex, Sysex.ReportFirmware, Firmata.EndSysex);
