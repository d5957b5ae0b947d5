// A servo that moves with the firing rate, on the device: the servo on D6 gets 50 Hz PWM whose
// pulse width goes from 1000 µs (no spikes, one end) to 2000 µs (a spike every step, the other
// end) with the neuron's rate over 25 steps. The host only changes the input current, once a
// second, through a slow sweep.
//
//   node examples/servo-rate.mjs [--device emulator|/dev/ttyUSB0] [--steps 1000]
import { Device } from "../dist/src/host/index.js";
import { endRunOn, fail, openLink, parseArgs } from "./lib/cli.mjs";

const SERVO_PIN = 6;
const WINDOW = 25;
const args = parseArgs();
try {
  const { link, emulator, awaitBoot } = await openLink(args.device);
  const device = await Device.open(link, { awaitBoot });
  await device.configure({ model: "Leaky", neurons: 1, beta: 0.7, threshold: 1 });
  await device.bindOutput({ neuron: 0, pin: SERVO_PIN, mode: "servo", window: WINDOW, minUs: 1000, maxUs: 2000 });
  const sweep = [0.1, 0.4, 0.7, 1.2, 2, 1.2, 0.7, 0.4];
  let second = 0;
  await device.setInputs([sweep[0]]);
  const timer = setInterval(() => void device.setInputs([sweep[++second % sweep.length]]).catch(fail), 1000);
  let fired = 0;
  let seen = 0;
  device.on("spikes", (r) => {
    for (let t = 0; t < r.steps; t++) {
      fired += r.spikes[t];
      if (++seen % WINDOW === 0) {
        const us = 1000 + (1000 * fired) / WINDOW;
        const duty = emulator ? ` (emulated D${SERVO_PIN}: duty ${emulator.pins.state(SERVO_PIN).pwm?.duty} at ${emulator.pins.state(SERVO_PIN).pwm?.clock} Hz)` : "";
        console.log(`rate ${(fired / WINDOW).toFixed(2)} → ${us} µs ≈ ${Math.round(((us - 1000) / 1000) * 180)}°${duty}`);
        fired = 0;
      }
    }
  });
  endRunOn(device, emulator, args.steps, async () => {
    clearInterval(timer);
    console.log(`stopped after ${await device.stop()} steps`);
    await device.clearBindings(); // the servo goes limp
  });
  await device.start({ periodMs: 10, every: WINDOW });
} catch (err) {
  fail(err);
}
