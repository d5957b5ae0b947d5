/**
 * Lockstep: Step k runs exactly k steps over the input buffer (step t reads t·w … t·w + w - 1,
 * w the layer's neurons or a network's input channels), answers with Spikes frames of the layer
 * (a network's output layer) and, when asked, States frames (a network's NetStates of every
 * layer) carrying the request's seq, and ends with Ack `steps:u28`, the step count after the run.
 *
 * Without States the spikes of many steps share a frame. With States, each step sends its own
 * Spikes frame and then its States frames: the states of a step must leave before the next step
 * overwrites them, and one output buffer is all the heap affords.
 */
import { stepBound } from "./bindings.ts";
import { Op } from "../shared/protocol.ts";
import { flush, sendAckValue } from "./output.ts";
import { addSpikes, beginSpikes, sendNetworkStates, sendSpikes, sendStates, spikeStepsPerFrame } from "./reporting.ts";
import { inputWidth } from "./network-ops.ts";
import type { Runtime } from "./state.ts";

/** Runs Step k; the caller has checked the frame, the layer, the encoding and the inputs. */
export function runSteps(rt: Runtime, seq: number, k: number, flags: number, encoding: number): void {
  const layer = rt.layer;
  if (layer === undefined) return;
  const n = layer.n;
  const width = inputWidth(rt, layer);
  const net = rt.network;
  const withStates = flags % 2 === 1;
  const perFrame = withStates ? 1 : spikeStepsPerFrame(n);
  let first = rt.steps;
  let inFrame = 0;
  flush(rt);
  for (let t = 0; t < k; t++) {
    stepBound(rt, layer, rt.input, t * width);
    if (inFrame === 0) {
      beginSpikes(rt.out, seq);
      first = rt.steps;
    }
    addSpikes(rt.out, layer, inFrame);
    inFrame = inFrame + 1;
    rt.steps = rt.steps + 1;
    if (inFrame === perFrame) {
      sendSpikes(rt, rt.out, first, inFrame, n);
      inFrame = 0;
      if (withStates && net !== undefined) sendNetworkStates(rt, seq, net, rt.steps - 1, encoding);
      else if (withStates) sendStates(rt, seq, layer, rt.steps - 1, encoding);
    }
  }
  if (inFrame > 0) sendSpikes(rt, rt.out, first, inFrame, n);
  rt.inputEnd = 0;
  sendAckValue(rt, seq, Op.Step, rt.steps % 268435456, 4);
}
