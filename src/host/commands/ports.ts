/** `spikeloop ports`: the serial ports serialport finds, one a line. */
import { SerialPort } from "serialport";
import type { Command } from "./index.ts";
import { parseCommandLine } from "./options.ts";

export const PORTS_USAGE = "spikeloop ports";

/** Listing needs udev (udevadm) on Linux; without it serialport throws an opaque error. */
export class PortListError extends Error {
  readonly code = "cannot-list";
  constructor(cause: Error) {
    super(
      `cannot list serial ports here (${cause.message.split("\n")[0]}). Fix: install udev (Debian: apt-get install udev), ` +
        "or give the path directly, e.g. --port /dev/ttyUSB0 (ls /dev/ttyUSB* /dev/ttyACM*)",
      { cause },
    );
    this.name = "PortListError";
  }
}

async function ports(argv: string[]): Promise<string> {
  parseCommandLine(argv, {}, PORTS_USAGE);
  let found: Awaited<ReturnType<typeof SerialPort.list>>;
  try {
    found = await SerialPort.list();
  } catch (error) {
    throw new PortListError(error as Error);
  }
  if (found.length === 0) return "no serial ports found (is the board plugged in? a NodeMCU shows up as /dev/ttyUSB0 or /dev/ttyACM0)";
  return found
    .map((p) => [p.path, p.manufacturer, p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : undefined, p.serialNumber].filter(Boolean).join("  "))
    .join("\n");
}

export const portsCommand: Command = {
  name: "ports",
  usage: [PORTS_USAGE],
  summary: "list the serial ports a board can be on",
  run: ports,
};
