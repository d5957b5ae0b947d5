/**
 * The neuron extension's reports: Spikes frames (bit-packed, a block of steps per frame) and
 * States frames (one state of a range of neurons of one step), each kept within
 * MAX_FRAME_BYTES. Lockstep (Step) and the realtime loop both send them.
 */
import { CHECK_SEPTETS, Encoding, MAX_FRAME_BYTES, Op } from "../shared/protocol.ts";
import { State } from "../shared/codes.ts";
import { type Layer, stateValues } from "./layer.ts";
import type { Network } from "./network.ts";
import { stateIds } from "../shared/state-ids.ts";
import { frameStart, sendFrame } from "./output.ts";
import type { Runtime } from "./state.ts";
import { beginFrame, endFrame } from "../shared/wire/frame.ts";
import { valueSeptets, writeValue } from "../shared/wire/int32.ts";
import { addBits, writeUint } from "../shared/wire/septets.ts";
import { putF64 } from "../shared/wire/packed.ts";

/** Bytes before a Spikes frame's bits: F0 01 op seq first_step:u28 k:u14. */
const SPIKES_HEADER = 10;
/** Bytes before a States frame's values: F0 01 op seq first_step:u28 state start:u14 count encoding. */
const STATES_HEADER = 13;
/** The state id of a layer's input current (its Linear's output) in NetStates frames. */
export const NET_CURRENT = 0;
/** The check and F7. */
const TRAILER = CHECK_SEPTETS + 1;

/** Bits one Spikes frame carries. */
export const MAX_SPIKE_BITS = (MAX_FRAME_BYTES - SPIKES_HEADER - TRAILER) * 7;

/** Steps of an n-neuron layer that fit one Spikes frame (n ≤ MAX_NEURONS keeps this ≥ 1). */
export function spikeStepsPerFrame(n: number): number {
  return Math.floor(MAX_SPIKE_BITS / n);
}

/** Length of a Spikes frame of `steps` steps of `n` neurons. */
export function spikesFrameBytes(steps: number, n: number): number {
  return SPIKES_HEADER + Math.ceil((steps * n) / 7) + TRAILER;
}

/** Starts a Spikes frame with `seq` in `buf` (its header is completed by sendSpikes). */
export function beginSpikes(buf: number[], seq: number): void {
  beginFrame(buf, Op.Spikes, seq);
}

/**
 * Adds the spikes of the layer's last step as step `t` of the frame in `buf`: bit t·n + i is
 * neuron i. A neuron fired when its new membrane exceeds the threshold, as the kernels decide
 * (so a graded spike of height 0 still counts).
 */
export function addSpikes(buf: number[], layer: Layer, t: number): void {
  const n = layer.n;
  const base = t * n;
  // Clear the septets this step starts; a septet shared with the previous step keeps its bits.
  const last = Math.floor((base + n - 1) / 7);
  for (let j = Math.ceil(base / 7); j <= last; j++) buf[SPIKES_HEADER + j] = 0;
  const mem = layer.mem;
  const threshold = layer.threshold;
  for (let i = 0; i < n; i++) {
    if (mem[i] > threshold[i]) addBits(buf, SPIKES_HEADER, base + i, 1, 1);
  }
}

/** Completes the Spikes frame in `buf` (first_step, k = steps) and sends it. */
export function sendSpikes(rt: Runtime, buf: number[], firstStep: number, steps: number, n: number): void {
  writeUint(buf, 4, firstStep % 268435456, 4);
  writeUint(buf, 8, steps, 2);
  const end = SPIKES_HEADER + Math.ceil((steps * n) / 7);
  rt.board.write(buf, endFrame(buf, end));
}

/**
 * The frames of one state of step `step`, `values[0 … n-1]`, in `encoding` (a known one), as many
 * as the frame limit needs: States frames, or NetStates frames naming layer `layer` when ≥ 0.
 */
function sendStateValues(rt: Runtime, seq: number, layer: number, step: number, state: number, values: number[], n: number, encoding: number): void {
  const header = layer >= 0 ? STATES_HEADER + 1 : STATES_HEADER;
  const perFrame = Math.floor((MAX_FRAME_BYTES - header - TRAILER) / valueSeptets(encoding));
  let start = 0;
  while (start < n) {
    const count = n - start < perFrame ? n - start : perFrame;
    let pos = frameStart(rt, layer >= 0 ? Op.NetStates : Op.States, seq);
    pos = writeUint(rt.out, pos, step % 268435456, 4);
    if (layer >= 0) {
      rt.out[pos] = layer;
      pos = pos + 1;
    }
    rt.out[pos] = state;
    pos = writeUint(rt.out, pos + 1, start, 2);
    rt.out[pos] = count;
    rt.out[pos + 1] = encoding;
    pos = pos + 2;
    // F64, what the wire backends ask for, has its own straight-line writer (wire/packed.ts).
    if (encoding === Encoding.F64) {
      for (let i = start; i < start + count; i++) pos = putF64(rt.out, pos, values[i]);
    } else {
      for (let i = start; i < start + count; i++) pos = writeValue(rt.out, pos, values[i], encoding);
    }
    sendFrame(rt, pos);
    start = start + count;
  }
}

/**
 * States frames for the layer's current states as step `step`: every state of the model
 * (rt.stateIds), all n neurons, `encoding` (a known one), as many frames as the limit needs.
 */
export function sendStates(rt: Runtime, seq: number, layer: Layer, step: number, encoding: number): void {
  for (let s = 0; s < rt.stateIds.length; s++) {
    const state = rt.stateIds[s];
    sendStateValues(rt, seq, -1, step, state, stateValues(layer, state), layer.n, encoding);
  }
}

/**
 * NetStates frames for every layer of a network as step `step`: per layer, the current from its
 * Linear (state 0), every state of its model, then its spikes (State.Spk).
 */
export function sendNetworkStates(rt: Runtime, seq: number, net: Network, step: number, encoding: number): void {
  for (let k = 0; k < net.layers.length; k++) {
    const layer = net.layers[k];
    const n = layer.n;
    sendStateValues(rt, seq, k, step, NET_CURRENT, net.linears[k].out, n, encoding);
    const ids = stateIds(layer.model);
    for (let s = 0; s < ids.length; s++) sendStateValues(rt, seq, k, step, ids[s], stateValues(layer, ids[s]), n, encoding);
    sendStateValues(rt, seq, k, step, State.Spk, layer.spk, n, encoding);
  }
}
