/**
 * Turns one complete message of the device → host byte stream (as the wire parser delivers it:
 * a command byte and its data bytes, a SysEx without F0/F7) into a DeviceMessage.
 */
import { CHECK_SEPTETS, Encoding, Firmata, NumberType, Op, Sysex } from "../../shared/protocol.ts";
import { bodyChecksumOk } from "../../shared/wire/frame.ts";
import { intValid, readValue, valueSeptets } from "../../shared/wire/int32.ts";
import { readUint } from "../../shared/wire/septets.ts";
import type { BoardNumbers, DeviceMessage, ExtensionMessage, InvalidMessage } from "./messages.ts";

/** A Firmata core message (command < F0, or F9) with its data bytes. */
export function decodeCore(command: number, data: number[]): DeviceMessage | undefined {
  const kind = command < 0xf0 ? command - (command % 16) : command;
  if (kind === Firmata.ReportVersion) return { type: "version", major: data[0], minor: data[1] };
  if (kind === Firmata.AnalogMessage) return { type: "analog", channel: command % 16, value: readUint(data, 0, 2) };
  if (kind === Firmata.DigitalMessage) return { type: "digital", port: command % 16, value: readUint(data, 0, 2) };
  return undefined;
}

/** Text sent as two septets per character, least significant first. */
function twoSeptetText(data: number[], from: number, to: number): string {
  let text = "";
  for (let i = from; i + 1 < to; i += 2) text += String.fromCharCode(data[i] + data[i + 1] * 128);
  return text;
}

/** A SysEx body: data[0] is the SysEx command, data[1 … len-1] its payload. */
export function decodeSysex(data: number[], len: number): DeviceMessage {
  const command = data[0];
  if (command === Sysex.Spikeloop) return decodeExtension(data, len);
  if (command === Sysex.ReportFirmware) {
    return { type: "firmware", major: data[1], minor: data[2], name: twoSeptetText(data, 3, len) };
  }
  if (command === Sysex.StringData) return { type: "string", text: twoSeptetText(data, 1, len) };
  if (command === Sysex.CapabilityResponse) {
    const pins: { mode: number; resolution: number }[][] = [];
    let pin: { mode: number; resolution: number }[] = [];
    for (let i = 1; i < len; ) {
      if (data[i] === 0x7f) {
        pins.push(pin);
        pin = [];
        i += 1;
      } else {
        pin.push({ mode: data[i], resolution: data[i + 1] });
        i += 2;
      }
    }
    return { type: "capabilities", pins };
  }
  if (command === Sysex.AnalogMappingResponse) return { type: "analog-mapping", channels: data.slice(1, len) };
  if (command === Sysex.PinStateResponse) {
    return { type: "pin-state", pin: data[1], mode: data[2], state: readUint(data, 3, len - 3) };
  }
  return { type: "sysex", command, data: data.slice(1, len) };
}

function invalid(reason: InvalidMessage["reason"], seq: number): InvalidMessage {
  return { type: "invalid", reason, command: Sysex.Spikeloop, seq };
}

/**
 * A neuron-extension frame body: `01 op seq payload… check` (len bytes; the check is CHECK_SEPTETS septets). Checks the checksum and
 * the payload length of every op.
 */
export function decodeExtension(body: number[], len: number): ExtensionMessage | InvalidMessage {
  if (len < 3 + CHECK_SEPTETS) return invalid("length", len >= 3 ? body[2] : -1);
  const op = body[1];
  const seq = body[2];
  if (!bodyChecksumOk(body, len)) return invalid("checksum", seq);
  const p = 3;
  const size = len - CHECK_SEPTETS - p;
  const exact = (n: number, m: ExtensionMessage) => (size === n ? m : invalid("length", seq));
  switch (op) {
    case Op.HelloReply: {
      if (size < 14) return invalid("length", seq);
      return exact(14 + body[p + 13], {
        type: "hello", seq, protocol: body[p], firmwareMajor: body[p + 1], firmwareMinor: body[p + 2],
        maxFrame: readUint(body, p + 3, 2), inputCapacity: readUint(body, p + 5, 2),
        maxNeurons: readUint(body, p + 7, 2), hasTimer: body[p + 9] !== 0, numbers: boardNumbers(body[p + 10]),
        firmataMajor: body[p + 11], firmataMinor: body[p + 12],
        board: String.fromCharCode(...body.slice(p + 14, p + 14 + body[p + 13])),
      });
    }
    case Op.Ack:
      return decodeAck(body, p, size, seq);
    case Op.Error:
      return exact(4, { type: "error", seq, op: body[p], code: body[p + 1], detail: readUint(body, p + 2, 2) });
    case Op.Spikes: {
      if (size < 6) return invalid("length", seq);
      return { type: "spikes", seq, firstStep: readUint(body, p, 4), k: readUint(body, p + 4, 2), bits: body.slice(p + 6, p + size) };
    }
    case Op.States:
      return decodeStates(body, p, size, seq);
    case Op.NetStates: {
      // A States frame with the layer's index after first_step.
      if (size < 10) return invalid("length", seq);
      const m = decodeStates([...body.slice(0, p + 4), ...body.slice(p + 5, len)], p, size - 1, seq);
      return m.type === "states" ? { ...m, layer: body[p + 4] } : m;
    }
    case Op.Stepped:
    case Op.StreamSpikes: {
      if (size < 2) return invalid("length", seq);
      const k = readUint(body, p, 2);
      const bits = body.slice(p + 2, p + size);
      return { type: "stepped", seq, final: op === Op.Stepped, k, bits };
    }
    case Op.StatusReply:
      return exact(15, {
        type: "status", seq, mode: body[p], steps: readUint(body, p + 1, 4), overruns: readUint(body, p + 5, 3),
        heap: readUint(body, p + 8, 3), errors: readUint(body, p + 11, 2), neurons: readUint(body, p + 13, 2),
      });
    default:
      return invalid("unknown-op", seq);
  }
}

/** Septets of each op's result in an Ack. */
function ackResultSeptets(op: number): number {
  if (op === Op.ConfigEnd) return 2;
  if (op === Op.Step || op === Op.Stop || op === Op.StreamBegin) return 4;
  return 0;
}

function decodeAck(body: number[], p: number, size: number, seq: number): ExtensionMessage | InvalidMessage {
  if (size < 1) return invalid("length", seq);
  const op = body[p];
  const result = ackResultSeptets(op);
  if (size !== 1 + result) return invalid("length", seq);
  return { type: "ack", seq, op, value: result === 0 ? undefined : readUint(body, p + 1, result) };
}

function decodeStates(body: number[], p: number, size: number, seq: number): ExtensionMessage | InvalidMessage {
  if (size < 9) return invalid("length", seq);
  const count = body[p + 7];
  const encoding = body[p + 8];
  const width = valueSeptets(encoding);
  if (width === 0) return invalid("encoding", seq);
  if (size !== 9 + count * width) return invalid("length", seq);
  const values: number[] = [];
  for (let m = 0; m < count; m++) {
    if (encoding === Encoding.I32 && !intValid(body, p + 9 + m * width)) return invalid("encoding", seq);
    values.push(readValue(body, p + 9 + m * width, encoding));
  }
  return {
    type: "states", seq, firstStep: readUint(body, p, 4), state: body[p + 4], start: readUint(body, p + 5, 2), encoding, values,
  };
}

const NUMBER_TYPES: Record<number, BoardNumbers> = {
  [NumberType.Double]: "double",
  [NumberType.Float32]: "float32",
  [NumberType.Integer]: "integer",
};

function boardNumbers(code: number): BoardNumbers {
  return NUMBER_TYPES[code] ?? "other";
}
