/**
 * Numeric codes shared by the host and the device: one source of truth for models, reset
 * mechanisms, number formats and the device's error codes. `const enum` values are inlined by
 * both tsc and TypeScriptToLua, so they cost nothing at run time on either side.
 */

/** The six snnTorch neuron models, in the order the wire protocol numbers them. */
export const enum Model {
  Lapicque = 1,
  Leaky = 2,
  Synaptic = 3,
  Alpha = 4,
  RLeaky = 5,
  RSynaptic = 6,
}

/** snnTorch's `reset_mechanism`. */
export const enum Reset {
  Subtract = 0,
  Zero = 1,
  None = 2,
}

/** Number format of a layer. float32 rounding exists only where the host can round (see rounding.ts). */
export const enum Dtype {
  Float64 = 0,
  Float32 = 1,
  /** Fixed point: states Q15.16, decays Q15, integer arithmetic only (kernels-int.ts). */
  Int = 2,
}

/** Per-neuron parameters a layer holds, addressed by these ids on the wire and in `setParam`. */
export const enum Param {
  Beta = 1,
  Alpha = 2,
  Threshold = 3,
  /** Amount subtracted by a "subtract" reset (see docs/neuron-models.md: float32 promotion). */
  ResetBy = 4,
  /** graded_spikes_factor, the height of an emitted spike. */
  Gain = 5,
  V = 6,
  R = 7,
  C = 8,
  TimeStep = 9,
  /** Alpha's tau_alpha, set by the host for int layers (float layers derive it in finishLayer). */
  TauAlpha = 10,
}

/** Per-neuron states. The order is the order of the trace columns. */
export const enum State {
  Mem = 1,
  Syn = 2,
  SynExc = 3,
  SynInh = 4,
  Spk = 5,
}

/** Errors the device reports; the host maps each to a message. 0 means success. */
export const enum DeviceError {
  None = 0,
  UnknownModel = 1,
  UnknownReset = 2,
  BadNeuronCount = 3,
  UnknownParam = 4,
  BadIndex = 5,
  NotFinite = 6,
  AlphaNotAboveBeta = 7,
  BetaIsOne = 8,
  NegativeThreshold = 9,
  NonPositiveRC = 10,
  UnknownState = 11,
  UnknownDtype = 12,
  /** An int layer's value is not a whole number in its fixed-point range (kernels-int.ts). */
  NotInteger = 13,
}

/** Largest layer a device accepts: 64 neurons fit an ESP8266's heap with room to spare. */
export const MAX_NEURONS = 256;
