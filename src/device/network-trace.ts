/**
 * Builds a network from one plain description and records many steps of it, for the simulate
 * backends: one call per run keeps the host/VM boundary out of the inner loop (as trace.ts does
 * for one layer).
 */
import { DeviceError } from "../shared/codes.ts";
import { configureLayer } from "./configure.ts";
import { getState } from "./layer.ts";
import { type Network, addLayer, newNetwork, stepNetwork } from "./network.ts";
import type { Round } from "./rounding.ts";
import { stateIds } from "../shared/state-ids.ts";
import type { NetworkDescription, NetworkResult } from "../shared/network-description.ts";

/** A ready network, or the error and the layer it is about. */
export function buildNetwork(d: NetworkDescription, round: Round | undefined): NetworkResult & { net: Network | undefined } {
  const net = newNetwork(d.dtype, d.inputs, round);
  if (net === undefined || d.layers.length === 0) return { error: DeviceError.BadNeuronCount, layer: -1, out: [], net: undefined };
  for (let k = 0; k < d.layers.length; k++) {
    const l = d.layers[k];
    const configured = configureLayer(l.model, l.reset, d.dtype, l.n, l.paramIds, l.paramValues, l.stateIds, l.stateValues, round);
    if (configured.layer === undefined) return { error: configured.error, layer: k, out: [], net: undefined };
    const err = addLayer(net, configured.layer, l.weight, l.bias, l.recWeight, l.recBias);
    if (err !== DeviceError.None) return { error: err, layer: k, out: [], net: undefined };
  }
  return { error: DeviceError.None, layer: -1, out: [], net };
}

/**
 * Steps `net` `steps` times over `inputs` (step-major: step t, channel c at t*inputs + c) and
 * appends per step, layer and neuron: the Linear's output, the model's states, the spike.
 */
export function recordNetwork(net: Network, inputs: number[], steps: number, out: number[]): void {
  const count = net.layers.length;
  for (let t = 0; t < steps; t++) {
    stepNetwork(net, inputs, t * net.inputs);
    for (let k = 0; k < count; k++) {
      const layer = net.layers[k];
      const current = net.linears[k].out;
      const states = stateIds(layer.model);
      for (let i = 0; i < layer.n; i++) {
        out.push(current[i]);
        for (let s = 0; s < states.length; s++) out.push(getState(layer, states[s], i));
        out.push(layer.spk[i]);
      }
    }
  }
}

/** Builds the network of `d` and records `steps` steps of it: a `spikeloop simulate --network` run. */
export function simulateNetwork(d: NetworkDescription, inputs: number[], steps: number, round: Round | undefined): NetworkResult {
  const built = buildNetwork(d, round);
  if (built.net === undefined) return { error: built.error, layer: built.layer, out: [] };
  if (inputs.length !== steps * d.inputs) return { error: DeviceError.BadIndex, layer: -1, out: [] };
  const out: number[] = [];
  recordNetwork(built.net, inputs, steps, out);
  return { error: DeviceError.None, layer: -1, out };
}
