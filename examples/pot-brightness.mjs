// A potentiometer on A0 sets the neuron's input current, and an LED's brightness follows the
// firing rate, all on the device: A0 → current (gain · reading), spikes → PWM duty over a 20-step
// window on D2. On the emulator a script turns the knob slowly up and down.
//
//   node examples/pot-brightness.mjs [--device emulator|/dev/ttyUSB0] [--steps 600]
import { Device } from "../dist/src/host/index.js";
import { endRunOn, fail, openLink, parseArgs } from "./lib/cli.mjs";

const LED_PIN = 2;
const WINDOW = 20;
const args = parseArgs();
try {
  const { link, emulator, awaitBoot } = await openLink(args.device);
  // The knob: a 4-second triangle from 0 to 1023 and back.
  emulator?.pins.setAnalogInput((us) => Math.round(1023 * (1 - Math.abs(((us / 4e6) % 2) - 1))));
  const device = await Device.open(link, { awaitBoot });
  await device.configure({ model: "Leaky", neurons: 1, beta: 0.8, threshold: 1 });
  await device.bindInput({ neuron: 0, pin: 9, gain: 0.0008 });
  await device.bindOutput({ neuron: 0, pin: LED_PIN, mode: "rate", window: WINDOW, low: 0, high: 1023 });
  let fired = 0;
  let seen = 0;
  device.on("spikes", (r) => {
    for (let t = 0; t < r.steps; t++) {
      fired += r.spikes[t];
      if (++seen % WINDOW === 0) {
        const duty = emulator ? ` (emulated D${LED_PIN} duty ${emulator.pins.state(LED_PIN).pwm?.duty ?? 0})` : "";
        console.log(`steps ${seen - WINDOW}–${seen - 1}: ${fired} spikes → brightness ${Math.round((100 * fired) / WINDOW)} %${duty}`);
        fired = 0;
      }
    }
  });
  endRunOn(device, emulator, args.steps, async () => {
    console.log(`stopped after ${await device.stop()} steps`);
  });
  await device.start({ periodMs: 10, every: WINDOW });
} catch (err) {
  fail(err);
}
