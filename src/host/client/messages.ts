/**
 * What a spikeloop device sends, decoded: Firmata's core messages and the neuron extension's
 * frames (docs/protocol.md), as one discriminated union. Extension messages carry the `seq` of
 * the request they answer (0 for realtime reports).
 */

/** F9 maj min: the Firmata protocol version, at boot and in reply to F9. */
export interface VersionMessage {
  type: "version";
  major: number;
  minor: number;
}

/** F0 79 maj min name… F7: the firmware's version and name, at boot and in reply to F0 79 F7. */
export interface FirmwareMessage {
  type: "firmware";
  major: number;
  minor: number;
  name: string;
}

/** F0 71 text… F7: a human-readable message from the device. */
export interface StringMessage {
  type: "string";
  text: string;
}

/** Ep lsb msb: an analog input report. */
export interface AnalogMessage {
  type: "analog";
  channel: number;
  value: number;
}

/** 9p b0 b1: a digital port report (bit i is pin 8p + i). */
export interface DigitalMessage {
  type: "digital";
  port: number;
  value: number;
}

/** F0 6C …: per pin, the (mode, resolution) pairs it supports. */
export interface CapabilitiesMessage {
  type: "capabilities";
  pins: { mode: number; resolution: number }[][];
}

/** F0 6A …: per pin, its analog channel or 127. */
export interface AnalogMappingMessage {
  type: "analog-mapping";
  channels: number[];
}

/** F0 6E pin mode state… F7. */
export interface PinStateMessage {
  type: "pin-state";
  pin: number;
  mode: number;
  state: number;
}

/** A SysEx this client does not interpret. */
export interface OtherSysexMessage {
  type: "sysex";
  command: number;
  data: number[];
}

/** HelloReply: the device's protocol version, limits and identity (under the frame's CRC). */
export interface HelloMessage {
  type: "hello";
  seq: number;
  protocol: number;
  firmwareMajor: number;
  firmwareMinor: number;
  maxFrame: number;
  inputCapacity: number;
  maxNeurons: number;
  hasTimer: boolean;
  /** The numbers the board's VM computes with, measured by the firmware (numbers.ts). */
  numbers: BoardNumbers;
  firmataMajor: number;
  firmataMinor: number;
  /** The board part of the firmware name ("nodemcu", "stdio", "emulator"). */
  board: string;
}

/** What a board computes with: NodeMCU Lua 5.1 doubles, Lua 5.3 float32, the integer build's int32. */
export type BoardNumbers = "double" | "float32" | "integer" | "other";

/** Ack of request `op`; `value` is the op's result: n for ConfigEnd, the step count for Step and Stop. */
export interface AckMessage {
  type: "ack";
  seq: number;
  op: number;
  value: number | undefined;
}

/** Error reply: `op` 0x7F (and seq 0x7F) when the frame could not be read. */
export interface ErrorMessage {
  type: "error";
  seq: number;
  op: number;
  code: number;
  detail: number;
}

/** Spikes of `k` steps from `firstStep`: bit j is neuron j mod n at step firstStep + ⌊j/n⌋. */
export interface SpikesMessage {
  type: "spikes";
  seq: number;
  firstStep: number;
  k: number;
  /** The bit field as received: 7 bits per septet, least significant first (see spikeBit). */
  bits: number[];
}

/**
 * Spike bits of `k` streamed steps (docs/protocol.md, "Streaming"): bit j is neuron j mod n of
 * the ⌊j/n⌋-th of the steps since the previous such frame. `final`: a Stepped, the reply to a
 * StreamSync that acknowledges every stream frame up to its seq; else a StreamSpikes.
 */
export interface SteppedMessage {
  type: "stepped";
  seq: number;
  final: boolean;
  k: number;
  bits: number[];
}

/** Values of one state: values[m] is flat index start + m (t·n + i, t counted from firstStep). */
export interface StatesMessage {
  type: "states";
  seq: number;
  firstStep: number;
  /** NetStates frames: the network's neuron layer (0-based); undefined in a States frame. */
  layer?: number;
  /** A State id; in NetStates frames 0 is the layer's input current. */
  state: number;
  start: number;
  encoding: number;
  values: number[];
}

export interface StatusMessage {
  type: "status";
  seq: number;
  mode: number;
  steps: number;
  overruns: number;
  heap: number;
  errors: number;
  neurons: number;
}

/** A message that could not be read: a damaged or malformed extension frame, or a cut SysEx. */
export interface InvalidMessage {
  type: "invalid";
  reason: "checksum" | "length" | "encoding" | "unknown-op" | "truncated" | "too-long";
  /** SysEx command byte of the damaged message (0x01 for the neuron extension), or -1. */
  command: number;
  /** seq of a neuron-extension frame whose header was readable, else -1. */
  seq: number;
}

export type ExtensionMessage =
  | HelloMessage
  | AckMessage
  | ErrorMessage
  | SpikesMessage
  | StatesMessage
  | StatusMessage
  | SteppedMessage;

export type DeviceMessage =
  | VersionMessage
  | FirmwareMessage
  | StringMessage
  | AnalogMessage
  | DigitalMessage
  | CapabilitiesMessage
  | AnalogMappingMessage
  | PinStateMessage
  | OtherSysexMessage
  | ExtensionMessage
  | InvalidMessage;

/** Bit j of a Spikes bit field. */
export function spikeBit(bits: number[], j: number): number {
  return Math.floor(bits[Math.floor(j / 7)] / 2 ** (j % 7)) % 2;
}

/** Whether a Spikes frame's bit field holds its k steps of n neurons. */
export function spikesFit(m: SpikesMessage, n: number): boolean {
  return m.bits.length * 7 >= m.k * n;
}
