// Blink an LED on every spike, on the device itself: a Leaky neuron with a constant input, its
// spikes bound to D4 (GPIO2, the ESP-12 module's blue LED) as 30 ms pulses. No host in the loop:
// the host only configures, then listens to the spike reports.
//
//   node examples/blink-on-spike.mjs [--device emulator|/dev/ttyUSB0] [--steps 300]
import { Device } from "../dist/src/host/index.js";
import { endRunOn, fail, openLink, parseArgs } from "./lib/cli.mjs";

const LED_PIN = 4;
const args = parseArgs();
try {
  const { link, emulator, awaitBoot } = await openLink(args.device);
  const device = await Device.open(link, { awaitBoot });
  await device.configure({ model: "Leaky", neurons: 1, beta: 0.9, threshold: 1 });
  await device.setInputs([0.25]);
  await device.bindOutput({ neuron: 0, pin: LED_PIN, mode: "pulse", ms: 30 });
  device.on("spikes", (r) => {
    for (let t = 0; t < r.steps; t++) if (r.spikes[t] === 1) console.log(`step ${r.firstStep + t}: spike → D${LED_PIN} on for 30 ms`);
  });
  endRunOn(device, emulator, args.steps, async () => {
    const steps = await device.stop();
    const blinks = emulator ? emulator.pins.history(LED_PIN).filter((e) => e.value === 1).length : undefined;
    console.log(`stopped after ${steps} steps${blinks === undefined ? "" : `; the emulated LED lit ${blinks} times`}`);
  });
  await device.start({ periodMs: 10, every: 10 });
} catch (err) {
  fail(err);
}
