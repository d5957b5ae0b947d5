// Two inputs → a small network → an LED and a servo, all on the device: A0 (a potentiometer) is
// input channel 0, read on the board every step; channel 1 is a second knob the host turns (a
// NodeMCU has one analog pin) through a slow sweep. The network (examples/network/net.json:
// 2 → 8 Leaky → 2 Leaky, docs/networks.md) fires output neuron 0 with channel 0 and output neuron
// 1 with channel 1; neuron 0 flashes the LED on D2, neuron 1's firing rate steers the servo on D6.
// On the emulator a script turns the A0 knob.
//
//   node examples/network-pot-servo.mjs [--device emulator|/dev/ttyUSB0] [--steps 600]
import { Device, readNetworkFile } from "../dist/src/host/index.js";
import { endRunOn, fail, openLink, parseArgs } from "./lib/cli.mjs";

const LED_PIN = 2;
const SERVO_PIN = 6;
const A0 = 9;
const WINDOW = 25;
const args = parseArgs();
try {
  const network = await readNetworkFile(new URL("network/net.json", import.meta.url).pathname);
  const { link, emulator, awaitBoot } = await openLink(args.device);
  // The A0 knob: a 3-second triangle from 0 to 1023 and back.
  emulator?.pins.setAnalogInput((us) => Math.round(1023 * (1 - Math.abs(((us / 3e6) % 2) - 1))));
  const device = await Device.open(link, { awaitBoot });
  await device.configureNetwork(network);
  await device.bindInput({ neuron: 0, pin: A0, gain: 1 / 1023 });
  await device.bindOutput({ neuron: 0, pin: LED_PIN, mode: "pulse", ms: 30 });
  await device.bindOutput({ neuron: 1, pin: SERVO_PIN, mode: "servo", window: WINDOW, minUs: 1000, maxUs: 2000 });
  const knob = [0.1, 0.3, 0.6, 0.9, 0.6, 0.3];
  let second = 0;
  await device.setInputs([0, knob[0]]);
  const timer = setInterval(() => void device.setInputs([0, knob[++second % knob.length]]).catch(fail), 1000);
  const fired = [0, 0];
  let seen = 0;
  device.on("spikes", (r) => {
    for (let t = 0; t < r.steps; t++) {
      fired[0] += r.spikes[2 * t];
      fired[1] += r.spikes[2 * t + 1];
      if (++seen % WINDOW === 0) {
        const pins = emulator
          ? ` (emulated D${LED_PIN} ${emulator.pins.state(LED_PIN).level ? "on" : "off"}, D${SERVO_PIN} duty ${emulator.pins.state(SERVO_PIN).pwm?.duty ?? 0} at 50 Hz)`
          : "";
        console.log(`steps ${seen - WINDOW}–${seen - 1}: output spikes ${fired[0]} (LED) and ${fired[1]} (servo ${1000 + (1000 * fired[1]) / WINDOW} µs)${pins}`);
        fired[0] = 0;
        fired[1] = 0;
      }
    }
  });
  endRunOn(device, emulator, args.steps, async () => {
    clearInterval(timer);
    console.log(`stopped after ${await device.stop()} steps`);
    await device.clearBindings(); // LED off, servo limp
  });
  await device.start({ periodMs: 10, every: WINDOW });
} catch (err) {
  fail(err);
}
