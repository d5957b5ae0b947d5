/**
 * A realtime run of a network: the device steps on its own timer (`Device.start`) and reports,
 * every step, NetStates frames of every layer; the host places them (NetworkTraceBuilder) and,
 * after each step's report, sends the next step's input channels. On the emulated board the host
 * moves the virtual clock one period per step (`tick`), so the trace equals a lockstep run, as
 * for one layer (src/host/runner/realtime.ts); on a board, each step's recorded input channels
 * are the ones the device held when it ran.
 */
import type { Currents } from "../currents.ts";
import type { Device } from "../client/device.ts";
import type { StatesMessage } from "../client/messages.ts";
import { type RealtimeRunOptions, driveRealtime } from "../runner/realtime.ts";
import type { NetworkSpec } from "./config.ts";
import type { NetworkTrace } from "./trace.ts";
import { NetworkTraceBuilder } from "./wire.ts";

/** Runs the network `device` was configured with (configureNetwork) on the device's timer. */
export async function runNetworkRealtime(device: Device, spec: NetworkSpec, options: RealtimeRunOptions): Promise<{ trace: NetworkTrace; inputs: Currents }> {
  const { steps } = options;
  const width = spec.inputs;
  const encoding = spec.dtype === "int" ? "i32" : "f64";
  const inputs: Currents = { steps, channels: width, values: new Float64Array(steps * width) };
  const builder = new NetworkTraceBuilder(spec, steps, device.path);
  const stamped = new Uint8Array(steps);
  let failure: Error | undefined;
  await driveRealtime(device, options, {
    encoding,
    complete: (t) => failure !== undefined || builder.complete(t),
    inputAt: (t) => {
      if (failure !== undefined) throw failure;
      return options.inputAt(t);
    },
    listen: (progressed, held) => {
      const onStates = (m: StatesMessage) => {
        if (m.firstStep >= steps) return;
        try {
          builder.add(m, m.firstStep);
          // A step's first report: the channels held now are the ones it ran on.
          if (stamped[m.firstStep] === 0) inputs.values.set(held.values, m.firstStep * width);
          stamped[m.firstStep] = 1;
        } catch (err) {
          failure ??= err as Error;
        }
        progressed();
      };
      device.on("network-states", onStates);
      return () => device.off("network-states", onStates);
    },
  });
  if (failure !== undefined) throw failure;
  return { trace: builder.finish(), inputs };
}
