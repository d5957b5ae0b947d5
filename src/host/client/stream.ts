/**
 * Splits the device → host byte stream into DeviceMessages, chunk by chunk (a message may
 * arrive in pieces), with the same byte-stream parser the firmware uses (toDevice = false).
 */
import { Firmata, Sysex } from "../../shared/protocol.ts";
import { ParseEvent, type Parser, newParser, parseByte } from "../../shared/wire/parser.ts";
import { decodeCore, decodeSysex } from "./decode.ts";
import type { DeviceMessage, InvalidMessage } from "./messages.ts";

/** Longest SysEx the host accepts; the device's own frames stay under MAX_FRAME_BYTES. */
const HOST_SYSEX_CAPACITY = 4096;

export class MessageStream {
  readonly #parser: Parser = newParser(false, HOST_SYSEX_CAPACITY);

  /** The messages completed by `chunk`, in order. Stray bytes (boot noise) are skipped. */
  push(chunk: ArrayLike<number>): DeviceMessage[] {
    const p = this.#parser;
    const out: DeviceMessage[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const event = parseByte(p, chunk[i]);
      if (event === ParseEvent.Message) {
        const m = p.command === Firmata.StartSysex ? decodeSysex(p.buf, p.len) : decodeCore(p.command, p.buf);
        if (m !== undefined) out.push(m);
      } else if (event === ParseEvent.TooLong || event === ParseEvent.Truncated) {
        if (p.command === Firmata.StartSysex) out.push(this.#damaged(event === ParseEvent.TooLong ? "too-long" : "truncated"));
        // A cutting command byte was not consumed: feed it again.
        if (event === ParseEvent.Truncated) i--;
      }
    }
    return out;
  }

  #damaged(reason: "too-long" | "truncated"): InvalidMessage {
    const p = this.#parser;
    const command = p.len > 0 ? p.buf[0] : -1;
    return { type: "invalid", reason, command, seq: command === Sysex.Spikeloop && p.len > 2 ? p.buf[2] : -1 };
  }
}
