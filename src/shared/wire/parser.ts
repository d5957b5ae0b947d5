/**
 * Splits a Firmata byte stream into messages, one byte at a time, into a fixed buffer: no
 * allocation per byte, any byte sequence accepted. Used by the firmware (host → device
 * direction) and by the host (device → host direction).
 */
import { filledNumbers } from "../arrays.ts";
import { Firmata } from "../protocol.ts";

export const enum ParseEvent {
  None = 0,
  /** A whole message: `command`, and `len` data bytes in `buf` (a SysEx body without F0/F7). */
  Message = 1,
  /** A SysEx longer than the buffer ended; its bytes were dropped. */
  TooLong = 2,
  /** A command byte cut an unfinished message short; the cut message was dropped. */
  Truncated = 3,
  /** A data byte outside any message, or an unknown command byte; ignored. */
  Stray = 4,
  /**
   * Host → device only: a command byte other than F0 inside a SysEx. The SysEx and the byte are
   * both dropped (the byte WAS consumed): in a SysEx it is damage, not a command — StandardFirmata
   * reads a SysEx up to its F7 the same way — and a flipped bit must not become a SystemReset.
   * The rest of that SysEx is skipped too, up to its F7 (or a new F0): a second damaged byte in
   * it (7F with its top bit flipped is FF) is not a command either.
   */
  Damaged = 5,
}

export interface Parser {
  /** True: parse what a host sends to a device; false: what a device sends to a host. */
  toDevice: boolean;
  buf: number[];
  capacity: number;
  len: number;
  /** Command byte of the message being read or just completed (F0 for SysEx). */
  command: number;
  /** A message is being read. */
  open: boolean;
  /** Data bytes the current core command still needs. */
  need: number;
  overflow: boolean;
  /** Host → device: skipping the rest of a damaged SysEx, up to F7 or the next F0. */
  skip: boolean;
}

export function newParser(toDevice: boolean, capacity: number): Parser {
  const buf = filledNumbers(capacity, 0);
  return { toDevice, buf, capacity, len: 0, command: 0, open: false, need: 0, overflow: false, skip: false };
}

/** Data bytes that follow core command `cmd` in this direction; -1 for an unknown command. */
function dataLength(cmd: number, toDevice: boolean): number {
  const kind = cmd < 0xf0 ? cmd - (cmd % 16) : cmd;
  if (kind === Firmata.DigitalMessage || kind === Firmata.AnalogMessage) return 2;
  if (kind === Firmata.ReportVersion) return toDevice ? 0 : 2;
  if (!toDevice) return -1;
  if (kind === Firmata.ReportAnalog || kind === Firmata.ReportDigital) return 1;
  if (kind === Firmata.SetPinMode || kind === Firmata.SetDigitalPinValue) return 2;
  if (kind === Firmata.SystemReset) return 0;
  return -1;
}

/**
 * Feeds one byte; see ParseEvent. After Message, read p.command, p.buf and p.len.
 * After Truncated the byte was NOT consumed: feed the same byte again.
 */
export function parseByte(p: Parser, b: number): ParseEvent {
  if (p.skip) {
    if (b === Firmata.EndSysex) {
      p.skip = false;
      return ParseEvent.None;
    }
    if (b !== Firmata.StartSysex) return ParseEvent.None;
    p.skip = false;
  }
  if (b === Firmata.EndSysex) {
    if (!p.open || p.command !== Firmata.StartSysex) return ParseEvent.Stray;
    p.open = false;
    return p.overflow ? ParseEvent.TooLong : ParseEvent.Message;
  }
  if (b >= 0x80) {
    if (p.open) {
      p.open = false;
      if (p.toDevice && p.command === Firmata.StartSysex && b !== Firmata.StartSysex) {
        p.skip = true;
        return ParseEvent.Damaged;
      }
      return ParseEvent.Truncated;
    }
    p.len = 0;
    p.overflow = false;
    p.command = b;
    if (b === Firmata.StartSysex) {
      p.open = true;
      return ParseEvent.None;
    }
    const need = dataLength(b, p.toDevice);
    if (need < 0) return ParseEvent.Stray;
    if (need === 0) return ParseEvent.Message;
    p.need = need;
    p.open = true;
    return ParseEvent.None;
  }
  if (!p.open) return ParseEvent.Stray;
  if (p.command === Firmata.StartSysex) {
    if (p.len >= p.capacity) {
      p.overflow = true;
    } else {
      p.buf[p.len] = b;
      p.len = p.len + 1;
    }
    return ParseEvent.None;
  }
  p.buf[p.len] = b;
  p.len = p.len + 1;
  p.need = p.need - 1;
  if (p.need > 0) return ParseEvent.None;
  p.open = false;
  return ParseEvent.Message;
}
