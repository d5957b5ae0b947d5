/**
 * A layer configuration on its way to the device: validated on the host (parseLayerConfig, then
 * the device's limits) before any byte is written, then turned into ConfigBegin, ConfigParam,
 * ConfigState and ConfigEnd frames, each within the device's frame limit.
 */
import { layerNumbers } from "./numbers.ts";
import { Encoding, Op } from "../../shared/protocol.ts";
import { type LayerSpec, dtypeCode, parseLayerConfig } from "../config.ts";
import { ConfigError } from "../errors.ts";
import { DeviceUsageError } from "./errors.ts";
import type { DeviceInfo } from "./handshake.ts";
import { type Request, configValueRequests, request, uint } from "./requests.ts";

function looksLikeSpec(x: unknown): x is LayerSpec {
  return typeof x === "object" && x !== null && typeof (x as LayerSpec).model === "number" && Array.isArray((x as LayerSpec).params);
}

function checkValues(field: string, values: unknown, n: number): void {
  if (!Array.isArray(values) || values.length !== n) {
    throw new ConfigError("wrong-length", field, `expected ${n} values (one per neuron)`);
  }
  values.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new ConfigError("not-a-number", `${field}[${i}]`, `expected a finite number, got ${JSON.stringify(x)}`);
    }
  });
}

/** A LayerSpec built by hand rather than by parseLayerConfig: its arrays must fit its neuron count. */
function checkSpec(spec: LayerSpec): LayerSpec {
  const n = spec.neurons;
  if (!Number.isInteger(n) || n < 1) throw new ConfigError("out-of-range", "neurons", `expected a whole number ≥ 1, got ${n}`);
  for (const p of spec.params) checkValues(`params.${p.id}`, p.values, n);
  for (const s of spec.init) checkValues(`init.${s.id}`, s.values, n);
  return spec;
}

/**
 * The LayerSpec for a layer config (as in layer.json) or a LayerSpec, checked against the
 * device's input buffer, which must hold one step. Throws ConfigError or DeviceUsageError;
 * nothing has been sent then. How many neurons fit the board's heap right now, the device
 * decides at ConfigBegin (HelloReply's max_neurons is that figure at Hello time).
 */
export function resolveSpec(config: unknown, info: DeviceInfo): LayerSpec {
  const spec = looksLikeSpec(config) ? checkSpec(config) : parseLayerConfig(config);
  layerNumbers(spec.dtype, info.numbers); // refuses float layers on an integer build
  if (spec.neurons > info.inputCapacity) {
    throw new DeviceUsageError(
      "too-many-neurons",
      `${spec.neurons} neurons do not fit this device: its input buffer holds ${info.inputCapacity} values, one per neuron and step`,
    );
  }
  return spec;
}

/** Every frame that configures `spec`, in order; each gets an Ack (ConfigEnd's carries n). */
export function configRequests(spec: LayerSpec, maxFrame: number): Request[] {
  const encoding = spec.dtype === "int" ? Encoding.I32 : Encoding.F64;
  return [
    request(Op.ConfigBegin, [spec.model, spec.reset, dtypeCode(spec.dtype), ...uint(spec.neurons, 2)]),
    ...spec.params.flatMap((p) => configValueRequests(Op.ConfigParam, p.id, p.values, maxFrame, encoding)),
    ...spec.init.flatMap((s) => configValueRequests(Op.ConfigState, s.id, s.values, maxFrame, encoding)),
    request(Op.ConfigEnd),
  ];
}
