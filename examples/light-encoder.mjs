// A light sensor through a rate encoder, with the host in the loop via johnny-five: a johnny-five
// Sensor reads the light on A0; every 20 steps the host rate-encodes the reading (snnTorch's
// spikegen.rate: a spike with probability light / 1023 each step), runs those steps on the device
// in lockstep over the same connection, and a johnny-five Led on D2 shows the neuron's rate.
// On the emulator a script plays a slow day–night cycle on A0.
//
//   node examples/light-encoder.mjs [--device emulator|/dev/ttyUSB0] [--steps 400]
import { createRequire } from "node:module";
import { connectJohnnyFive, rateTrain } from "../dist/src/host/index.js";
import { fail, openLink, parseArgs } from "./lib/cli.mjs";

const five = createRequire(import.meta.url)("johnny-five");
const CHUNK = 20;
const args = parseArgs();
try {
  const { link, emulator } = await openLink(args.device);
  emulator?.pins.setAnalogInput((us) => Math.round(511.5 * (1 - Math.cos((2 * Math.PI * us) / 6e6))));
  const { board, device, close } = await connectJohnnyFive(link);
  await device.configure({ model: "Leaky", neurons: 1, beta: 0.6, threshold: 1 });
  const sensor = new five.Sensor({ pin: "A0", board, freq: 50 });
  const led = new five.Led({ pin: 2, board });
  let stopping = false;
  process.on("SIGINT", () => (stopping = true));
  for (let step = 0; !stopping && (args.steps === undefined || step < args.steps); step += CHUNK) {
    const light = (sensor.value ?? 0) / 1023;
    const input = rateTrain([light], CHUNK, { seed: step, gain: 1.5 });
    const trace = await device.run(input);
    let spikes = 0;
    for (let t = 0; t < CHUNK; t++) spikes += trace.values[t * 2 + 1] > 0 ? 1 : 0;
    led.brightness(Math.round((255 * spikes) / CHUNK));
    console.log(`steps ${step}–${step + CHUNK - 1}: light ${(100 * light).toFixed(0)} % → ${spikes} spikes → LED ${Math.round((100 * spikes) / CHUNK)} %`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a visible pace; the device idles between runs
  }
  sensor.disable();
  await close();
  await emulator?.close();
  process.exit(0);
} catch (err) {
  fail(err);
}
