/**
 * A byte Link as the port object firmata.js and johnny-five take (`new Board({ port })`): an
 * EventEmitter that emits "open", "data" (Buffers), "close", and has `write(buffer, callback)`.
 * Every write gets the empty SysEx F0 F7 appended unless it ends with F7 (withFlush), since
 * NodeMCU hands received bytes to the firmware only at an F7 and firmata.js writes like
 * `F5 pin value` or `9p b0 b1` end without one.
 */
import { EventEmitter } from "node:events";
import type { Link } from "../../io/link.ts";
import { withFlush } from "./transport.ts";

export interface FirmataPort extends EventEmitter {
  readonly path: string;
  readonly isOpen: boolean;
  write(data: Buffer | number[], callback?: (error?: Error | null) => void): boolean;
  close(callback?: (error?: Error | null) => void): void;
}

/** The port; "open" is emitted on the next turn of the event loop, after listeners attach. */
export function firmataPort(link: Link): FirmataPort {
  let open = true;
  const port = new EventEmitter() as FirmataPort;
  const end = (): void => {
    if (!open) return;
    open = false;
    port.emit("close");
  };
  const pump = async (): Promise<void> => {
    for (;;) {
      let chunk: Uint8Array | null;
      try {
        chunk = await link.read();
      } catch (err) {
        port.emit("error", err);
        end();
        return;
      }
      if (chunk === null) break;
      port.emit("data", Buffer.from(chunk));
    }
    end();
  };
  Object.defineProperties(port, {
    path: { value: link.path },
    isOpen: { get: () => open },
  });
  port.write = (data, callback) => {
    link.write(withFlush(Uint8Array.from(data))).then(
      () => callback?.(null),
      (err: Error) => (callback ? callback(err) : port.emit("error", err)),
    );
    return true;
  };
  port.close = (callback) => {
    link.close().then(
      () => {
        end();
        callback?.(null);
      },
      (err: Error) => callback?.(err),
    );
  };
  setImmediate(() => {
    port.emit("open");
    void pump();
  });
  return port;
}
