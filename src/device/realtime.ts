/**
 * The realtime loop: one step per tick of board timer 0, on the input buffer's first n values
 * (held until an Input frame replaces them). Every `every` steps it reports, with seq 0, one
 * Spikes frame holding every step since the previous report (several frames when they do not
 * fit one) and, when asked, States frames of the step just run (a network's NetStates frames). `every` 0 runs without reports.
 *
 * Overruns: a tick that comes two or more periods after the previous one adds the whole periods
 * it missed (⌊elapsed / period⌋ − 1), measured on board.micros, which may wrap at microsSpan.
 */
import { stepBound } from "./bindings.ts";
import { Op, WireError } from "../shared/protocol.ts";
import { sendAck, sendAckValue, sendError } from "./output.ts";
import { addSpikes, beginSpikes, sendNetworkStates, sendSpikes, sendStates, spikeStepsPerFrame, spikesFrameBytes } from "./reporting.ts";
import { NEURON_TIMER, type Runtime } from "./state.ts";
import { filledNumbers } from "../shared/arrays.ts";

const STEPS_SPAN = 268435456; // 2^28: steps travel as u28

/** Start: the caller has checked the frame, the layer, `period_ms ≥ 1` and the encoding. */
export function startRealtime(rt: Runtime, seq: number, periodMs: number, every: number, flags: number, encoding: number): void {
  const layer = rt.layer;
  if (layer === undefined) return;
  rt.periodUs = periodMs * 1000;
  rt.every = every;
  rt.flags = flags;
  rt.encoding = encoding;
  rt.overruns = 0;
  rt.sinceReport = 0;
  rt.blockSteps = 0;
  rt.blockFirst = rt.steps;
  rt.block = undefined;
  if (every > 0) {
    const per = spikeStepsPerFrame(layer.n);
    rt.blockMax = every < per ? every : per;
    rt.block = filledNumbers(spikesFrameBytes(rt.blockMax, layer.n), 0);
  }
  rt.lastMicros = rt.board.micros();
  if (!rt.board.startTimer(NEURON_TIMER, periodMs, rt.realtimeTick)) {
    rt.block = undefined;
    sendError(rt, seq, Op.Start, WireError.NoTimer, 0);
    return;
  }
  rt.running = true;
  sendAck(rt, seq, Op.Start);
}

/** Sends the steps collected in the block, if any. */
function flushBlock(rt: Runtime): void {
  const block = rt.block;
  const layer = rt.layer;
  if (block === undefined || layer === undefined || rt.blockSteps === 0) return;
  sendSpikes(rt, block, rt.blockFirst, rt.blockSteps, layer.n);
  rt.blockSteps = 0;
}

/** Timer 0: one step, overrun accounting, reports. */
export function realtimeTick(rt: Runtime): void {
  const layer = rt.layer;
  if (!rt.running || layer === undefined) return;
  const now = rt.board.micros();
  let elapsed = now - rt.lastMicros;
  if (elapsed < 0) elapsed = elapsed + rt.board.microsSpan;
  rt.lastMicros = now;
  const missed = Math.floor(elapsed / rt.periodUs) - 1;
  if (missed > 0) rt.overruns = rt.overruns + missed;

  stepBound(rt, layer, rt.input, 0);
  const block = rt.block;
  if (block !== undefined) {
    if (rt.blockSteps === 0) {
      beginSpikes(block, 0);
      rt.blockFirst = rt.steps;
    }
    addSpikes(block, layer, rt.blockSteps);
    rt.blockSteps = rt.blockSteps + 1;
  }
  rt.steps = rt.steps + 1;
  if (rt.every === 0) return;
  rt.sinceReport = rt.sinceReport + 1;
  const report = rt.sinceReport >= rt.every;
  if (report || rt.blockSteps >= rt.blockMax) flushBlock(rt);
  if (report) {
    rt.sinceReport = 0;
    const net = rt.network;
    if (rt.flags % 2 === 1 && net !== undefined) sendNetworkStates(rt, 0, net, rt.steps - 1, rt.encoding);
    else if (rt.flags % 2 === 1) sendStates(rt, 0, layer, rt.steps - 1, rt.encoding);
  }
}

/** Stops the loop without a reply (system reset). */
export function haltRealtime(rt: Runtime): void {
  if (rt.running) rt.board.stopTimer(NEURON_TIMER);
  rt.running = false;
  rt.block = undefined;
  rt.blockSteps = 0;
}

/** Stop: sends the spikes collected since the last report, then Ack `steps:u28`. */
export function stopRealtime(rt: Runtime, seq: number): void {
  if (rt.running) {
    rt.board.stopTimer(NEURON_TIMER);
    rt.running = false;
    flushBlock(rt);
  }
  haltRealtime(rt);
  sendAckValue(rt, seq, Op.Stop, rt.steps % STEPS_SPAN, 4);
}
