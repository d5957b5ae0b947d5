/**
 * The firmware runtime: Firmata's core plus the neuron extension (docs/protocol.md), over the
 * Board interface (board.ts). A board adapter creates it once, calls `boot`, then hands every
 * received byte to `feed`; timers call back into it. Any byte sequence is accepted: `feed` never
 * throws and always returns, and a bad message gets an Error reply or a STRING_DATA message.
 *
 *   const rt = createRuntime(board); boot(rt); … feed(rt, bytes, count) …
 */
import type { Board } from "./board.ts";
import { dropBindings } from "./bindings.ts";
import { handleFrame, UNREADABLE } from "./extension.ts";
// Namespace imports: one local each in the main chunk, which NodeMCU caps at 50 locals.
import * as core from "./firmata-core.ts";
import * as reports from "./firmata-reports.ts";
import { MAX_FRAME_BYTES, Firmata, Op, Sysex, WireError } from "../shared/protocol.ts";
import * as stream from "./stream.ts";
import * as baud from "./baud.ts";
import { sendError, sendString } from "./output.ts";
import { haltRealtime, realtimeTick } from "./realtime.ts";
import {
  DEFAULT_SAMPLING_MS,
  INPUT_CAPACITY,
  LARGE_HEAP_BYTES,
  NEURON_TIMER,
  type Runtime,
  SMALL_INPUT_CAPACITY,
} from "./state.ts";
import { newParser, ParseEvent, parseByte } from "../shared/wire/parser.ts";
import { filledFlags, filledNumbers } from "../shared/arrays.ts";

export type { Runtime } from "./state.ts";


function noop(): void {}

/** A runtime for `board`, with every buffer allocated. Sends nothing: call `boot` next. */
export function createRuntime(board: Board): Runtime {
  const portCount = Math.ceil(board.pinCount / 8);
  const inputCapacity = board.freeHeap() >= LARGE_HEAP_BYTES ? INPUT_CAPACITY : SMALL_INPUT_CAPACITY;
  const rt: Runtime = {
    board: board,
    parser: newParser(true, MAX_FRAME_BYTES - 2),
    out: filledNumbers(MAX_FRAME_BYTES, 0),
    outLen: 0,
    hasTimer: false,
    errors: 0,
    strayReported: false,
    pinModes: filledNumbers(board.pinCount, 0),
    pinValues: filledNumbers(board.pinCount, 0),
    servoMin: filledNumbers(board.pinCount, core.SERVO_MIN_US),
    servoMax: filledNumbers(board.pinCount, core.SERVO_MAX_US),
    analogCount: 0,
    analogOn: [],
    portCount,
    portOn: filledFlags(portCount, false),
    portLast: filledNumbers(portCount, 0),
    samplingMs: DEFAULT_SAMPLING_MS,
    sampling: false,
    samplingTick: noop,
    layer: undefined,
    pending: undefined,
    network: undefined,
    netPending: undefined,
    netLayers: 0,
    netParts: [],
    stateIds: [],
    initIds: [],
    initValues: [],
    inputCapacity,
    input: filledNumbers(inputCapacity, 0),
    inputEnd: 0,
    steps: 0,
    running: false,
    periodUs: 1000,
    every: 1,
    flags: 0,
    encoding: 0,
    lastMicros: 0,
    overruns: 0,
    sinceReport: 0,
    block: undefined,
    blockFirst: 0,
    blockSteps: 0,
    blockMax: 1,
    realtimeTick: noop,
    streamLayer: undefined,
    streamFlags: 0,
    streamEncoding: 0,
    streamStateEncoding: 0,
    streamFill: 0,
    streamBlock: filledNumbers(stream.STREAM_BLOCK_SIZE, 0),
    streamSteps: 0,
    streamMaxSteps: 0,
    streamPos: 0,
    streamAcc: 0,
    streamWeight: 1,
    streamLastSeq: -1,
    streamLastSteps: 0,
    streamLastReply: 0,
    baud: 115200,
    baudRevert: 0,
    bindings: undefined,
  };
  rt.samplingTick = () => reports.samplingTick(rt);
  rt.realtimeTick = () => realtimeTick(rt);
  rt.analogCount = core.analogChannelCount(rt);
  rt.analogOn = filledFlags(rt.analogCount, false);
  for (let pin = 0; pin < board.pinCount; pin++) rt.pinModes[pin] = core.defaultMode(rt, pin);
  for (let port = 0; port < portCount; port++) rt.portLast[port] = -1;
  // HelloReply reports whether the board has timers: probe timer 0 once.
  rt.hasTimer = board.startTimer(NEURON_TIMER, 1000, noop);
  if (rt.hasTimer) board.stopTimer(NEURON_TIMER);
  return rt;
}

/** Announces the firmware as Firmata hosts expect: F9 02 06, then the firmware name. */
export function boot(rt: Runtime): void {
  core.sendVersion(rt);
  core.sendFirmwareName(rt);
}

/** Handles bytes[0 … count-1], received from the host, in order. */
export function feed(rt: Runtime, bytes: number[], count: number): void {
  const p = rt.parser;
  const end = count < bytes.length ? count : bytes.length;
  let i = 0;
  while (i < end) {
    const b = bytes[i];
    // A whole stream frame in this chunk is read where it lies (stream.ts).
    const next = b === Firmata.StartSysex && !p.open ? stream.streamFrameAt(rt, bytes, i, end) : -1;
    if (next > 0) {
      p.skip = false; // a whole frame: whatever damage came before it is behind us
      i = next;
    } else if (typeof b !== "number" || !(b >= 0 && b <= 255)) {
      stray(rt);
      i = i + 1;
    } else {
      const event = parseByte(p, Math.floor(b));
      // After Truncated the byte was not consumed: the parser takes it again.
      if (event !== ParseEvent.Truncated) i = i + 1;
      if (event === ParseEvent.Message) message(rt);
      else if (event === ParseEvent.Stray) {
        stray(rt);
        // A stream's host sends only SysEx: bytes outside one are the rest of a frame whose F0
        // was damaged, where a flipped 7F is FF, a SystemReset. Skip them up to its F7.
        if (rt.streamLayer !== undefined) p.skip = true;
      } else if (event === ParseEvent.Truncated || event === ParseEvent.Damaged) truncated(rt);
      else if (event === ParseEvent.TooLong) tooLong(rt);
    }
  }
}

/** Counts a stray byte; the first one since boot or reset is reported. */
function stray(rt: Runtime): void {
  baud.baudGarbled(rt);
  rt.errors = rt.errors + 1;
  if (!rt.strayReported) {
    rt.strayReported = true;
    sendString(rt, "ignored stray bytes (Status counts them)", -1);
  }
}

/** A message was cut short by a command byte and dropped. */
function truncated(rt: Runtime): void {
  baud.baudGarbled(rt);
  const p = rt.parser;
  if (p.command === Firmata.StartSysex && p.len > 0 && p.buf[0] === Sysex.Spikeloop) {
    sendError(rt, UNREADABLE, UNREADABLE, WireError.BadLength, p.len);
  } else {
    sendString(rt, "dropped an unfinished message, command ", p.command);
  }
}

/** A SysEx longer than MAX_FRAME_BYTES ended; its head is in the buffer. */
function tooLong(rt: Runtime): void {
  const p = rt.parser;
  if (p.buf[0] === Sysex.Spikeloop) {
    sendError(rt, p.buf[2], p.buf[1], WireError.FrameTooLong, MAX_FRAME_BYTES);
  } else {
    sendString(rt, "dropped a sysex longer than ", MAX_FRAME_BYTES);
  }
}

/** A whole message: p.command, and p.len data bytes in p.buf. */
function message(rt: Runtime): void {
  const p = rt.parser;
  const cmd = p.command;
  const buf = p.buf;
  if (cmd === Firmata.StartSysex) {
    sysex(rt, buf, p.len);
    return;
  }
  const kind = cmd < 0xf0 ? cmd - (cmd % 16) : cmd;
  const low = cmd % 16;
  if (kind === Firmata.ReportVersion) core.sendVersion(rt);
  else if (kind === Firmata.SystemReset) systemReset(rt);
  else if (kind === Firmata.SetPinMode) core.setPinMode(rt, buf[0], buf[1]);
  else if (kind === Firmata.SetDigitalPinValue) core.setDigitalPin(rt, buf[0], buf[1]);
  else if (kind === Firmata.DigitalMessage) core.digitalPortWrite(rt, low, buf[0], buf[1]);
  else if (kind === Firmata.AnalogMessage) core.pwmWrite(rt, low, buf[0] + 128 * buf[1]);
  else if (kind === Firmata.ReportAnalog) reports.reportAnalog(rt, low, buf[0]);
  else if (kind === Firmata.ReportDigital) reports.reportDigital(rt, low, buf[0]);
}

function sysex(rt: Runtime, buf: number[], len: number): void {
  if (len === 0) return; // F0 F7: hosts send it to flush NodeMCU's receive buffer
  const id = buf[0];
  if (id === Sysex.Spikeloop) {
    if (len >= 2 && (buf[1] === Op.StreamData || buf[1] === Op.StreamSync)) stream.streamFrame(rt, buf, 0, len);
    else handleFrame(rt, buf, len);
  }
  else if (id === Sysex.ReportFirmware) core.sendFirmwareName(rt);
  else if (id === Sysex.CapabilityQuery) core.sendCapabilities(rt);
  else if (id === Sysex.AnalogMappingQuery) core.sendAnalogMapping(rt);
  else if (id === Sysex.PinStateQuery) {
    if (len >= 2) core.sendPinState(rt, buf[1]);
  } else if (id === Sysex.ExtendedAnalog) core.extendedAnalog(rt, buf, len);
  else if (id === Sysex.ServoConfig) core.servoConfig(rt, buf, len);
  else if (id === Sysex.SamplingInterval) {
    if (len >= 3) reports.setSamplingInterval(rt, buf[1] + 128 * buf[2]);
  } else if (id !== Sysex.StringData) sendString(rt, "unsupported sysex ", id);
}

/** FF: the neuron loop and all reporting stop, pins go back to input, the layer is cleared. */
function systemReset(rt: Runtime): void {
  haltRealtime(rt);
  dropBindings(rt);
  stream.dropStream(rt);
  reports.stopReporting(rt);
  core.resetPins(rt);
  rt.samplingMs = DEFAULT_SAMPLING_MS;
  rt.layer = undefined;
  rt.pending = undefined;
  // network-ops.ts dropNetwork, inline: this module's main chunk is at NodeMCU's 50 locals.
  rt.network = undefined;
  rt.netPending = undefined;
  rt.netLayers = 0;
  rt.netParts = [];
  rt.stateIds = [];
  rt.initIds = [];
  rt.initValues = [];
  for (let i = 0; i < rt.inputCapacity; i++) rt.input[i] = 0;
  rt.inputEnd = 0;
  rt.steps = 0;
  rt.overruns = 0;
  rt.errors = 0;
  rt.strayReported = false;
  rt.outLen = 0;
}
