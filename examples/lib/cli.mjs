// Shared by the examples: `--device emulator|<serial path>` (default emulator), `--steps N`,
// and opening the board. Run `npm run build` first: the examples import the built package.
import { NodeMcuEmulator, openEmulatorLink, openSerialLink } from "../../dist/src/host/index.js";

export function parseArgs(argv = process.argv.slice(2)) {
  const args = { device: "emulator", steps: undefined };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k];
    const value = argv[k + 1];
    if (flag === "--device" && value !== undefined) args.device = value;
    else if (flag === "--steps" && value !== undefined && /^\d+$/.test(value)) args.steps = Number(value);
    else {
      console.error(`usage: node ${process.argv[1]} [--device emulator|<serial path>] [--steps N]`);
      process.exit(2);
    }
    k++;
  }
  return args;
}

/**
 * A byte link to the board: the emulated NodeMCU (real clock, already booted) or a serial port
 * at NodeMCU's 115200 baud. `emulator` is set only for the emulated board, whose A0 the
 * examples then script (a potentiometer, a light sensor) since nobody can turn its knob.
 */
export async function openLink(device) {
  if (device === "emulator") {
    const emulator = await NodeMcuEmulator.create({ clock: "real", startup: "main" });
    return { link: openEmulatorLink(emulator), emulator, awaitBoot: false };
  }
  return { link: await openSerialLink(device, { baudRate: 115200 }), emulator: undefined, awaitBoot: true };
}

/** Calls `done()` once the device reported `steps` steps (never when steps is undefined). */
function stopAfter(device, steps, done) {
  if (steps === undefined) return;
  let seen = 0;
  device.on("spikes", (r) => {
    seen += r.steps;
    if (seen >= steps) {
      seen = -Infinity;
      done();
    }
  });
}

/**
 * Ends the run after `steps` reported steps (see stopAfter) or on Ctrl-C: `wrapUp()` says the
 * example's last words and stops the device, then the device and any emulated board close and
 * the process exits 0.
 */
export function endRunOn(device, emulator, steps, wrapUp) {
  const finish = async () => {
    await wrapUp();
    await device.close();
    await emulator?.close();
    process.exit(0);
  };
  stopAfter(device, steps, () => void finish().catch(fail));
  process.on("SIGINT", () => void finish().catch(fail));
}

export function fail(err) {
  console.error(err instanceof Error ? `${err.name}${err.code ? ` (${err.code})` : ""}: ${err.message}` : err);
  process.exit(1);
}
