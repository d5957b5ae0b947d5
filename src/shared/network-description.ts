/**
 * A network in the flat form the device's simulate entry (device/network-trace.ts) takes, and
 * what it returns: the one call per run that crosses the host/VM boundary, so the host builds it
 * and the ts and lua backends hand it over unchanged.
 */
import type { DeviceError } from "./codes.ts";

/** One neuron layer and the Linear before it, in the flat form of configureLayer and addLayer. */
export interface NetworkLayerDescription {
  model: number;
  reset: number;
  n: number;
  paramIds: number[];
  paramValues: number[];
  stateIds: number[];
  stateValues: number[];
  weight: number[];
  bias: number[];
  recWeight: number[];
  recBias: number[];
}

export interface NetworkDescription {
  dtype: number;
  inputs: number;
  layers: NetworkLayerDescription[];
}

export interface NetworkResult {
  error: DeviceError;
  /** Which layer (0-based) the error is about; -1 for the network itself. */
  layer: number;
  out: number[];
}
