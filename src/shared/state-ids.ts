/**
 * Which states each model has besides the spike: the device reports them in States frames, the
 * host names the trace columns after them, `simulate` records them.
 */
import { Model, State } from "./codes.ts";

/** The states a model returns besides the spike, in snnTorch's (and the trace columns') order. */
export function stateIds(model: Model): State[] {
  if (model === Model.Synaptic || model === Model.RSynaptic) return [State.Syn, State.Mem];
  if (model === Model.Alpha) return [State.SynExc, State.SynInh, State.Mem];
  return [State.Mem];
}
