/**
 * The firmware runtime's state: one plain object per board, allocated once by createRuntime
 * (runtime.ts). Every buffer the runtime needs in operation lives here, preallocated, so
 * nothing is allocated per received byte or per neuron step. No module-level mutable state:
 * two runtimes (two emulated boards) never share anything.
 */
import type { Bindings } from "./bindings.ts";
import type { Board } from "./board.ts";
import type { Layer } from "./layer.ts";
import type { Network } from "./network.ts";
import type { Parser } from "../shared/wire/parser.ts";

/**
 * Values the input buffer holds (HelloReply `input_capacity`); lockstep needs k·n ≤ it.
 *
 * 512 (= 2 × MAX_NEURONS: two steps of the largest layer, eight of a 64-neuron one) where the
 * heap is large (desktop Lua, Node, emulators that report a large heap). On an ESP8266 a Lua 5.1
 * number slot costs 16 bytes, so 512 values would take 8 KB of its ~40 KB heap, next to ~8 KB of
 * frame buffers and ~22 KB for a 64-neuron layer; there the buffer holds 256 values
 * (= MAX_NEURONS: still one step of any layer, four of a 64-neuron one). Throughput barely
 * changes, since inputs cross a 115200-baud link at ≤ 22 F64 values per acknowledged frame.
 */
export const INPUT_CAPACITY = 512;
export const SMALL_INPUT_CAPACITY = 256;
/** Free heap (bytes) at boot from which the runtime takes the larger input buffer. */
export const LARGE_HEAP_BYTES = 65536;

/** Default Firmata sampling interval (ms) and the smallest one the device accepts. */
export const DEFAULT_SAMPLING_MS = 19;
export const MIN_SAMPLING_MS = 10;

/** Timer ids of Board.startTimer. */
export const NEURON_TIMER = 0;
export const REPORT_TIMER = 1;

export interface Runtime {
  board: Board;
  /** Splits the received byte stream; its buffer holds one SysEx body (MAX_FRAME_BYTES - 2). */
  parser: Parser;
  /** Every reply is built here (MAX_FRAME_BYTES entries) and sent with board.write. */
  out: number[];
  /** Bytes of a streamed core reply waiting in `out` (output.ts); 0 between messages. */
  outLen: number;
  /** The board answered a probe of startTimer at boot (HelloReply `has_timer`). */
  hasTimer: boolean;
  /** Stray bytes since boot or reset (StatusReply `errors`). */
  errors: number;
  /** The one STRING_DATA about stray bytes was sent. */
  strayReported: boolean;

  // Firmata pins and reporting (firmata-core.ts, firmata-reports.ts)
  pinModes: number[];
  /** Last value written to each output or PWM pin (pin state query). */
  pinValues: number[];
  /** Servo pulse range per pin in µs (Firmata servo config; StandardFirmata's defaults). */
  servoMin: number[];
  servoMax: number[];
  analogCount: number;
  analogOn: boolean[];
  portCount: number;
  portOn: boolean[];
  /** Last port value sent in a digital report, -1 before the first. */
  portLast: number[];
  samplingMs: number;
  /** Timer 1 runs the sampling tick. */
  sampling: boolean;
  samplingTick: (this: void) => void;

  // The neuron layer (config.ts)
  /** The configured layer; undefined before ConfigEnd succeeds. */
  layer: Layer | undefined;
  /** The layer being configured, between ConfigBegin and a successful ConfigEnd. */
  pending: Layer | undefined;
  /** The model's states besides the spike (trace.ts stateIds), reported in States frames. */
  stateIds: number[];
  /** States restored by ResetState: ids, and values as initValues[s*n + i]. */
  initIds: number[];
  initValues: number[];
  /** Inputs, flat index t·n + i; `inputCapacity` values. */
  inputCapacity: number;
  input: number[];
  /** One past the highest input index written since the last Step (InputMissing check). */
  inputEnd: number;
  /** Steps since ConfigEnd or ResetState. */
  steps: number;

  // A network (network-ops.ts): `layer` is then its output layer, the one reports and pins see
  /** The configured network; undefined when a single layer (or nothing) is configured. */
  network: Network | undefined;
  /** The network being configured, between NetBegin and the ConfigEnd of its last layer. */
  netPending: Network | undefined;
  /** Neuron layers NetBegin announced. */
  netLayers: number;
  /** The pending layer's weight, bias, recurrent weight and recurrent bias (NetWeights parts). */
  netParts: number[][];

  // The realtime loop (realtime.ts)
  running: boolean;
  periodUs: number;
  every: number;
  flags: number;
  encoding: number;
  lastMicros: number;
  overruns: number;
  sinceReport: number;
  /** A Spikes frame collecting the steps since the last report; allocated at Start. */
  block: number[] | undefined;
  blockFirst: number;
  blockSteps: number;
  /** Steps one Spikes frame of `block` holds. */
  blockMax: number;
  realtimeTick: (this: void) => void;

  // Streaming (stream.ts)
  /** The layer StreamBegin set the stream up for; stream frames need it to be the configured one. */
  streamLayer: Layer | undefined;
  streamFlags: number;
  /** Encoding of the stream's inputs, and of its States frames. */
  streamEncoding: number;
  streamStateEncoding: number;
  /** Values of the step being received, stored at input[0 … streamFill-1]. */
  streamFill: number;
  /** A Stepped/StreamSpikes frame collecting spike bits (stream.ts STREAM_BLOCK_SIZE numbers):
   * `streamSteps` steps so far, the septet at `streamPos` being filled (`streamAcc`, next bit's
   * weight `streamWeight`). */
  streamBlock: number[];
  streamSteps: number;
  streamMaxSteps: number;
  streamPos: number;
  streamAcc: number;
  streamWeight: number;
  /** The last stream frame applied: its seq (-1: none yet), the steps it completed, and the length of its Stepped reply, kept in streamBlock to send again (0: none). */
  streamLastSeq: number;
  streamLastSteps: number;
  streamLastReply: number;

  /** UART0's rate (115200 at boot), and the rate to go back to while a SetBaud is unconfirmed (0: none). */
  baud: number;
  baudRevert: number;

  /** Pins bound to neurons (bindings.ts); undefined until the first binding. */
  bindings: Bindings | undefined;
}
