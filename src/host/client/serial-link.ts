/** A Link (src/io/link.ts) over a serial port, with serialport 13. */
import { SerialPort } from "serialport";
import { type Link, LinkClosedError } from "../../io/link.ts";
import { ChunkQueue } from "./chunk-queue.ts";
import { type LinkErrorCode, LinkOpenError } from "./errors.ts";

export interface SerialLinkOptions {
  /** Default 115200: NodeMCU's console speed. */
  baudRate?: number;
}

/** serialport reports open failures as plain messages; these are the ones a user can act on. */
function classify(message: string): { code: LinkErrorCode; hint: string } {
  if (/no such file or directory/i.test(message)) {
    return { code: "port-not-found", hint: "no such serial port (is the board plugged in? list ports with `ls /dev/ttyUSB* /dev/ttyACM*`)" };
  }
  if (/cannot lock port|resource temporarily unavailable|busy/i.test(message)) {
    return { code: "port-busy", hint: "the port is in use by another program (a serial monitor, another spikeloop); close it first" };
  }
  if (/permission denied|access denied/i.test(message)) {
    return { code: "port-permission", hint: "permission denied (add yourself to the port's group, e.g. `sudo usermod -aG dialout $USER`, then log in again)" };
  }
  return { code: "port-open-failed", hint: `cannot open the port (${message})` };
}

export async function openSerialLink(path: string, options: SerialLinkOptions = {}): Promise<Link> {
  const port = new SerialPort({ path, baudRate: options.baudRate ?? 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => {
    port.open((err) => {
      if (err === null || err === undefined) {
        resolve();
        return;
      }
      const { code, hint } = classify(err.message);
      reject(new LinkOpenError(code, path, hint));
    });
  });
  const incoming = new ChunkQueue();
  port.on("data", (chunk: Buffer) => incoming.push(new Uint8Array(chunk)));
  port.on("close", () => incoming.end());
  // A read error (the board unplugged) ends the link; the client sees the pending call fail.
  port.on("error", () => incoming.end());
  return {
    path,
    read: () => incoming.read(),
    write(data: Uint8Array): Promise<void> {
      if (incoming.ended || !port.isOpen) return Promise.reject(new LinkClosedError(path));
      return new Promise((resolve, reject) => {
        port.write(Buffer.from(data), (err) => (err ? reject(err) : resolve()));
      });
    },
    setBaudRate(baudRate: number): Promise<void> {
      // Written bytes leave first: port.update changes the rate of what follows.
      return new Promise((resolve, reject) => port.drain(() => port.update({ baudRate }, (err) => (err ? reject(err) : resolve()))));
    },
    close(): Promise<void> {
      incoming.end(true);
      if (!port.isOpen) return Promise.resolve();
      return new Promise((resolve) => port.close(() => resolve()));
    },
  };
}
