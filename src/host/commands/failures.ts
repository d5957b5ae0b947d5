/**
 * How the CLI words a failure a user can act on: one line saying what happened and the fix,
 * and an exit code per kind (3 the port, 4 a board that does not answer, 5 other firmware).
 * Errors not listed here keep their own message and exit code 1.
 */
import { DeviceClosedError, DeviceMismatchError, DeviceTimeoutError, LinkOpenError } from "../client/errors.ts";
import { FlashError } from "../flash/errors.ts";

export const EXIT_PORT = 3;
export const EXIT_NO_ANSWER = 4;
export const EXIT_MISMATCH = 5;

export interface Failure {
  message: string;
  exitCode: number;
}

const FLASH_IT = "flash it with `spikeloop flash --port <path>`";

function linkFailure(err: LinkOpenError): Failure {
  // A program that would not start (an external Lua) is no port problem.
  if (err.code === "spawn-failed") return { message: `${err.message}. Fix: check the program is installed and on the PATH`, exitCode: 1 };
  const message = {
    "port-not-found": `no serial port at ${err.path}. Fix: plug the board in and pick its path from \`spikeloop ports\` (or start an emulated one with \`spikeloop emulate\`)`,
    "port-busy": `${err.path} is in use by another program. Fix: close the serial monitor, IDE or other spikeloop holding it, then try again`,
    "port-permission": `no permission to open ${err.path}. Fix: \`sudo usermod -aG dialout $USER\`, then log out and in again`,
    "port-open-failed": `${err.message}. Fix: check the path with \`spikeloop ports\``,
  }[err.code];
  return { message, exitCode: EXIT_PORT };
}

/** The CLI's wording of `err`, or undefined for errors it prints as they are. */
export function describeFailure(err: unknown): Failure | undefined {
  if (err instanceof LinkOpenError) return linkFailure(err);
  if (err instanceof DeviceTimeoutError) {
    return { message: `the board does not answer: ${err.message}. Fix: check the port and power, and that it runs spikeloop (${FLASH_IT})`, exitCode: EXIT_NO_ANSWER };
  }
  if (err instanceof DeviceClosedError) {
    return { message: `${err.message}. Fix: check the cable; a board that reset needs its layer configured again`, exitCode: EXIT_NO_ANSWER };
  }
  if (err instanceof DeviceMismatchError) {
    return { message: `${err.message}; \`spikeloop flash --port <path>\` uploads this package's firmware`, exitCode: EXIT_MISMATCH };
  }
  if (err instanceof FlashError) return { message: err.message, exitCode: err.code === "no-prompt" || err.code === "timeout" ? EXIT_NO_ANSWER : 1 };
  return undefined;
}
