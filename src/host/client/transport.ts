/**
 * The seam between the client and a connection. A transport delivers decoded device messages to
 * a sink and sends request bytes; the client logic (session.ts) never sees how. Two exist: over
 * a byte Link (serial port, emulator, pty, child process) and over a firmata.js Board
 * (firmata-board.ts), which owns the byte stream and hands over only what concerns spikeloop.
 */
import { Firmata } from "../../shared/protocol.ts";
import type { Link } from "../../io/link.ts";
import type { DeviceMessage } from "./messages.ts";
import { MessageStream } from "./stream.ts";

export interface TransportSink {
  message(m: DeviceMessage): void;
  /** The connection ended; `error` when reading failed. No message follows. */
  closed(error?: Error): void;
}

export interface DeviceTransport {
  /** What the transport is connected to, for messages. */
  readonly path: string;
  /** Starts delivering what the device sends; called once. */
  start(sink: TransportSink): void;
  /** Sends whole Firmata messages (an extension frame, F9, F0 79 F7). */
  send(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * `bytes`, followed by an empty SysEx (F0 F7) unless they end with F7: NodeMCU hands received
 * bytes to the firmware only at an F7 (docs/protocol.md, "Serial delivery on NodeMCU").
 */
export function withFlush(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 0 && bytes[bytes.length - 1] === Firmata.EndSysex) return bytes;
  const out = new Uint8Array(bytes.length + 2);
  out.set(bytes);
  out[bytes.length] = Firmata.StartSysex;
  out[bytes.length + 1] = Firmata.EndSysex;
  return out;
}

async function pump(link: Link, sink: TransportSink): Promise<void> {
  const stream = new MessageStream();
  for (;;) {
    let chunk: Uint8Array | null;
    try {
      chunk = await link.read();
    } catch (err) {
      sink.closed(err as Error);
      return;
    }
    if (chunk === null) {
      sink.closed();
      return;
    }
    for (const m of stream.push(chunk)) sink.message(m);
  }
}

/** A transport over a byte Link: the wire parser splits the stream into messages. */
export function linkTransport(link: Link): DeviceTransport {
  return {
    path: link.path,
    start(sink) {
      void pump(link, sink);
    },
    send: (bytes) => link.write(withFlush(bytes)),
    close: () => link.close(),
  };
}
