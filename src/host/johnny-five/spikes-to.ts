/**
 * Host in the loop, output side: a neuron's spikes (the Device's realtime "spikes" reports)
 * drive any johnny-five component. Each helper returns a function that detaches it.
 * The device must run its realtime loop with reports (`device.start({ periodMs, every: 1 })`
 * for the lowest latency: every report crosses the link once).
 */
import type { Device } from "../client/device.ts";
import type { SpikeReport } from "../client/reports.ts";

/** Calls `onSpike(step)` for every step in which `neuron` fired. */
export function onSpikes(device: Device, neuron: number, onSpike: (step: number) => void): () => void {
  const listener = (r: SpikeReport): void => {
    for (let t = 0; t < r.steps; t++) if (r.spikes[t * r.neurons + neuron] === 1) onSpike(r.firstStep + t);
  };
  device.on("spikes", listener);
  return () => device.off("spikes", listener);
}

/** Calls `onRate(rate)` with the fraction of steps in which `neuron` fired, every `window` steps. */
export function onRate(device: Device, neuron: number, window: number, onRate: (rate: number) => void): () => void {
  let seen = 0;
  let fired = 0;
  const listener = (r: SpikeReport): void => {
    for (let t = 0; t < r.steps; t++) {
      fired += r.spikes[t * r.neurons + neuron];
      if (++seen === window) {
        onRate(fired / window);
        seen = 0;
        fired = 0;
      }
    }
  };
  device.on("spikes", listener);
  return () => device.off("spikes", listener);
}

/** johnny-five's Led, as far as these helpers use it. */
export interface LedLike {
  on(): unknown;
  off(): unknown;
  toggle(): unknown;
  brightness(value: number): unknown;
}

export type LedBinding =
  | { neuron: number; mode: "toggle" }
  /** On at a spike, off `ms` later (a new spike restarts the pulse). */
  | { neuron: number; mode: "pulse"; ms: number }
  /** Brightness 0–255 follows the firing rate over `window` steps. */
  | { neuron: number; mode: "rate"; window: number };

export function spikesToLed(device: Device, led: LedLike, binding: LedBinding): () => void {
  if (binding.mode === "toggle") return onSpikes(device, binding.neuron, () => led.toggle());
  if (binding.mode === "rate") return onRate(device, binding.neuron, binding.window, (rate) => led.brightness(Math.round(255 * rate)));
  let timer: NodeJS.Timeout | undefined;
  const detach = onSpikes(device, binding.neuron, () => {
    if (timer === undefined) led.on();
    else clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      led.off();
    }, binding.ms);
  });
  return () => {
    detach();
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** johnny-five's Servo: `to(degrees)`. */
export interface ServoLike {
  to(degrees: number): unknown;
}

/** The servo's angle follows the firing rate over `window` steps: rate 0 → `min`, 1 → `max` degrees. */
export function spikesToServo(device: Device, servo: ServoLike, binding: { neuron: number; window: number; min?: number; max?: number }): () => void {
  const min = binding.min ?? 0;
  const max = binding.max ?? 180;
  return onRate(device, binding.neuron, binding.window, (rate) => servo.to(Math.round(min + (max - min) * rate)));
}

/** johnny-five's Piezo: `frequency(hz, ms)`. */
export interface PiezoLike {
  frequency(hz: number, ms: number): unknown;
}

/** A beep of `hz` for `ms` at every spike. */
export function spikesToPiezo(device: Device, piezo: PiezoLike, binding: { neuron: number; hz: number; ms: number }): () => void {
  return onSpikes(device, binding.neuron, () => piezo.frequency(binding.hz, binding.ms));
}
