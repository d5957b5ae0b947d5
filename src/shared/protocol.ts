/**
 * The wire protocol's numbers: Firmata's core commands that the firmware answers, and the
 * spikeloop neuron extension (one user-defined SysEx command). One source of truth for the
 * host and the device; docs/protocol.md describes every frame byte by byte.
 */

/** Firmata core command bytes (top bit set). Channel/port/pin go in the low nibble where noted. */
export const enum Firmata {
  AnalogMessage = 0xe0, // | pin: analog report (device → host) or PWM write (host → device)
  DigitalMessage = 0x90, // | port: 8 pins' values
  ReportAnalog = 0xc0, // | channel, then 0/1
  ReportDigital = 0xd0, // | port, then 0/1
  SetPinMode = 0xf4,
  SetDigitalPinValue = 0xf5,
  ReportVersion = 0xf9,
  SystemReset = 0xff,
  StartSysex = 0xf0,
  EndSysex = 0xf7,
}

/** Firmata SysEx command ids (the byte after F0). */
export const enum Sysex {
  /** spikeloop's neuron extension: a user-defined id (0x01–0x0F are free for users). */
  Spikeloop = 0x01,
  AnalogMappingQuery = 0x69,
  AnalogMappingResponse = 0x6a,
  CapabilityQuery = 0x6b,
  CapabilityResponse = 0x6c,
  PinStateQuery = 0x6d,
  PinStateResponse = 0x6e,
  ExtendedAnalog = 0x6f,
  StringData = 0x71,
  ReportFirmware = 0x79,
  SamplingInterval = 0x7a,
  ServoConfig = 0x70,
}

/** Firmata pin modes. */
export const enum PinMode {
  Input = 0x00,
  Output = 0x01,
  Analog = 0x02,
  Pwm = 0x03,
  Servo = 0x04,
  InputPullup = 0x0b,
}

/** Firmata protocol version the firmware reports (F9 maj min). */
export const FIRMATA_MAJOR = 2;
export const FIRMATA_MINOR = 6;

/** spikeloop firmware version (reported in the firmware name reply and HELLO). */
export const FIRMWARE_MAJOR = 0;
export const FIRMWARE_MINOR = 1;

/** Version of the neuron extension's frame layout; the host refuses a device with another. */
export const PROTOCOL_VERSION = 3;

/**
 * Longest extension frame in bytes, F0 and F7 included. NodeMCU's receive ring holds 256 bytes,
 * and a frame never needs to be held whole in the ring, but keeping frames under it bounds the
 * device's frame buffer.
 */
export const MAX_FRAME_BYTES = 240;

/** Septets of the check at the end of every extension frame (wire/frame-check.ts). */
export const CHECK_SEPTETS = 4;

/** Operations of the neuron extension: F0 01 <op> <seq> <payload…> <check: 4 septets> F7. */
export const enum Op {
  // host → device
  Hello = 0x01,
  ConfigBegin = 0x02,
  ConfigParam = 0x03,
  ConfigState = 0x04,
  ConfigEnd = 0x05,
  Input = 0x06,
  Step = 0x07,
  Start = 0x08,
  Stop = 0x09,
  Status = 0x0a,
  ResetState = 0x0b,
  BindInput = 0x0c,
  BindOutput = 0x0d,
  ClearBindings = 0x0e,
  // host → device, streaming (docs/protocol.md, "Streaming"): 0x20 upward
  StreamBegin = 0x20,
  StreamData = 0x21,
  StreamSync = 0x22,
  SetBaud = 0x23,
  // device → host
  HelloReply = 0x41,
  Ack = 0x42,
  Error = 0x43,
  Spikes = 0x44,
  States = 0x45,
  StatusReply = 0x46,
  // networks (network-ops.ts), host → device
  NetBegin = 0x0f,
  NetLayer = 0x10,
  NetWeights = 0x11,
  // device → host
  NetStates = 0x47,
  // device → host, streaming: 0x50 upward
  Stepped = 0x50,
  StreamSpikes = 0x51,
}

/** How numbers travel: IEEE-754 binary formats packed into 7-bit groups (wire/ieee.ts). */
export const enum Encoding {
  F64 = 1,
  F32 = 2,
  F16 = 3,
  /** Int layers' inputs, states and configuration: signed integers, sign-magnitude (wire/int32.ts). */
  I32 = 4,
  /** Stream inputs only: one bit a value, 0 or 1 (rate- and latency-coded inputs; wire/packed.ts). */
  Spike = 5,
}

/** Flags of Step and Start. */
export const enum ReportFlag {
  States = 1,
}

/** Runtime modes reported by StatusReply. */
export const enum Mode {
  Unconfigured = 0,
  Idle = 1,
  Realtime = 2,
}

/** Error codes of the Error reply beyond DeviceError (codes.ts), which the device also sends. */
export const enum WireError {
  BadChecksum = 32,
  UnknownOp = 33,
  BadLength = 34,
  FrameTooLong = 35,
  NotConfigured = 36,
  Busy = 37,
  BadEncoding = 38,
  InputOverflow = 39,
  InputMissing = 40,
  NoTimer = 41,
  BadTimeStep = 42,
  /** A binding field out of range; detail says which (bindings.ts BindingField). */
  BadBinding = 43,
  BindingsFull = 44,
  /** SetBaud: an unknown rate code, or a board that cannot change its rate. */
  BadBaud = 45,
}

/** The VM's number type, measured by the firmware and carried in HelloReply (shared/number-type.ts). */
export const enum NumberType {
  /** IEEE-754 binary64: Node, desktop Luas, NodeMCU Lua 5.1. */
  Double = 0,
  /** IEEE-754 binary32 floats: NodeMCU Lua 5.3. */
  Float32 = 1,
  /** Integers only (1/2 is 0): NodeMCU's integer build. */
  Integer = 2,
  /** None of the above (e.g. a 64-bit long double build). */
  Other = 3,
}

/** The rates SetBaud offers, by code (SetBaud `rate`: code 0–3). */
export const BAUD_RATES = [115200, 230400, 460800, 921600];

/**
 * Spike bits the device's stream block holds (⌊512 / n⌋ steps) before it goes out as StreamSpikes
 * (device/stream.ts). The block is allocated once with the runtime, so streams leave no garbage
 * and the heap a layer is sized against never changes.
 */
export const STREAM_BLOCK_BITS = 512;
