/**
 * A network over the wire (docs/protocol.md, "Networks"): the frames that configure it, and
 * lockstep runs that return every layer's input current, states and spikes from NetStates
 * frames (F64, or I32 for an int network: exact either way). The device steps the whole network per step; its Spikes frames are the output layer's.
 */
import { State } from "../../device/codes.ts";
import { Encoding, Op, ReportFlag } from "../../device/protocol.ts";
import { stateIds } from "../../device/trace.ts";
import { dtypeCode } from "../config.ts";
import type { Currents } from "../currents.ts";
import { DeviceProtocolError, DeviceUsageError } from "../device/errors.ts";
import type { DeviceInfo } from "../device/handshake.ts";
import type { StatesMessage, SpikesMessage } from "../device/messages.ts";
import { type Request, configValueRequests, inputRequests, netWeightRequests, request, uint } from "../device/requests.ts";
import type { Session } from "../device/session.ts";
import type { NetworkSpec } from "./config.ts";
import { type NetworkTrace, networkInputs, networkTraceFromFlat, valuesPerStep } from "./trace.ts";

/** NetLayer flags. */
const FLAG_BIAS = 1;
const FLAG_RECURRENT = 2;
const FLAG_RECURRENT_BIAS = 4;
/** The state id of a layer's input current in NetStates frames (src/device/reporting.ts NET_CURRENT). */
const NET_CURRENT = 0;
/** Neuron layers a NetBegin can announce (one septet). */
const MAX_LAYERS = 127;

/** How a network's values travel: I32 for an int network (exact on every Lua), else F64 (exact). */
function wireEncoding(spec: NetworkSpec): Encoding.F64 | Encoding.I32 {
  return spec.dtype === "int" ? Encoding.I32 : Encoding.F64;
}

/** Checks the network fits the device's frames and input buffer; nothing is sent otherwise. */
export function checkNetworkFits(spec: NetworkSpec, info: DeviceInfo): void {
  if (spec.layers.length > MAX_LAYERS) throw new DeviceUsageError("too-many-neurons", `a network of ${spec.layers.length} neuron layers: the device takes at most ${MAX_LAYERS}`);
  if (spec.inputs > info.inputCapacity) {
    throw new DeviceUsageError("too-many-neurons", `${spec.inputs} input channels do not fit this device: its input buffer holds ${info.inputCapacity} values`);
  }
}

/** Every frame that configures `spec`, in order; each gets an Ack (every ConfigEnd's carries its layer's n). */
export function networkRequests(spec: NetworkSpec, maxFrame: number): Request[] {
  const encoding = wireEncoding(spec);
  const out: Request[] = [request(Op.NetBegin, [dtypeCode(spec.dtype), ...uint(spec.inputs, 2), spec.layers.length])];
  for (const l of spec.layers) {
    const flags = (l.bias.length > 0 ? FLAG_BIAS : 0) + (l.recWeight.length > 0 ? FLAG_RECURRENT : 0) + (l.recBias.length > 0 ? FLAG_RECURRENT_BIAS : 0);
    out.push(request(Op.NetLayer, [l.spec.model, l.spec.reset, ...uint(l.spec.neurons, 2), flags]));
    for (const p of l.spec.params) out.push(...configValueRequests(Op.ConfigParam, p.id, p.values, maxFrame, encoding));
    for (const s of l.spec.init) out.push(...configValueRequests(Op.ConfigState, s.id, s.values, maxFrame, encoding));
    [l.weight, l.bias, l.recWeight, l.recBias].forEach((values, part) => out.push(...netWeightRequests(part, values, maxFrame, encoding)));
    out.push(request(Op.ConfigEnd));
  }
  return out;
}

/** Configures the device with `spec`; resolves when the last layer's ConfigEnd is acknowledged. */
export async function configureNetwork(session: Session, info: DeviceInfo, spec: NetworkSpec): Promise<void> {
  checkNetworkFits(spec, info);
  let layer = 0;
  for (const req of networkRequests(spec, info.maxFrame)) {
    const ack = await session.exchange(req, "ack");
    if (req.op !== Op.ConfigEnd) continue;
    const n = spec.layers[layer].spec.neurons;
    if (ack.value !== n) throw new DeviceProtocolError("unexpected-reply", session.path, `ConfigEnd of layer ${layer} acknowledged ${ack.value} neurons, configured ${n}`);
    layer += 1;
  }
}

/** Per layer, its trace columns' state ids: the input current, the model's states, the spike. */
function columnIds(spec: NetworkSpec): number[][] {
  return spec.layers.map((l) => [NET_CURRENT, ...stateIds(l.spec.model), State.Spk]);
}

/**
 * Runs `currents` through the configured network in lockstep, a batch of steps per Step with
 * NetStates, and returns the trace every network backend returns.
 */
export async function runNetworkLockstep(session: Session, info: DeviceInfo, spec: NetworkSpec, currents: Currents): Promise<NetworkTrace> {
  const inputs = networkInputs(spec, currents);
  const encoding = wireEncoding(spec);
  const width = spec.inputs;
  const batch = Math.min(16383, Math.floor(info.inputCapacity / width));
  const ids = columnIds(spec);
  const layers = spec.layers.map((l) => ({ neurons: l.spec.neurons, states: l.spec.stateColumns }));
  const perStep = valuesPerStep(layers);
  // Where layer k's column c of neuron i sits within one step's values.
  const offsets: number[] = [];
  let at = 0;
  for (const l of layers) {
    offsets.push(at);
    at += l.neurons * (l.states.length + 2);
  }
  const values = new Float64Array(currents.steps * perStep);
  const filled = new Uint8Array(values.length);
  for (let t0 = 0; t0 < currents.steps; t0 += batch) {
    const k = Math.min(batch, currents.steps - t0);
    for (const req of inputRequests(inputs.slice(t0 * width, (t0 + k) * width), encoding, info.maxFrame)) await session.exchange(req, "ack");
    const frames: StatesMessage[] = [];
    const collect = (m: SpikesMessage | StatesMessage) => {
      if (m.type === "states" && m.layer !== undefined) frames.push(m);
    };
    const ack = await session.exchange(request(Op.Step, [...uint(k, 2), ReportFlag.States, encoding]), "ack", collect);
    const first = (ack.value ?? 0) - k; // the step count after the batch, minus the batch
    for (const m of frames) {
      const layer = m.layer!;
      const column = ids[layer]?.indexOf(m.state) ?? -1;
      const t = t0 + m.firstStep - first;
      const n = layers[layer]?.neurons ?? 0;
      if (column < 0 || t < t0 || t >= t0 + k || m.start + m.values.length > n) {
        throw new DeviceProtocolError("unexpected-reply", session.path, `a NetStates frame for layer ${layer}, state ${m.state}, step ${m.firstStep} that the run did not ask for`);
      }
      const w = ids[layer].length;
      m.values.forEach((x, j) => {
        const index = t * perStep + offsets[layer] + (m.start + j) * w + column;
        values[index] = x;
        filled[index] = 1;
      });
    }
  }
  const missing = filled.indexOf(0);
  if (missing >= 0) throw new DeviceProtocolError("unexpected-reply", session.path, `the device sent no value for step ${Math.floor(missing / perStep)} of the network trace`);
  return networkTraceFromFlat(spec, currents.steps, values);
}
