/**
 * SetBaud `rate`: after the handshake the host may move the link to a faster rate. The device
 * acknowledges at the old rate, then switches (the board adapter waits for the Ack to leave).
 * The switch stands once a readable extension frame arrives at the new rate; if garbage arrives
 * first (a stray byte or a damaged frame: the host still talks at the old rate, or the cable
 * cannot carry the new one), the device goes back to the old rate, where the host falls back
 * to (docs/protocol.md, "Baud rate").
 */
import { BAUD_RATES, Op, WireError } from "../shared/protocol.ts";
import { sendAck, sendError } from "./output.ts";
import type { Runtime } from "./state.ts";

/** SetBaud `rate`: code 0–3 of BAUD_RATES. */
export function setBaud(rt: Runtime, seq: number, code: number): void {
  const setter = rt.board.setBaud;
  if (!(code >= 0 && code < BAUD_RATES.length) || setter === undefined) {
    sendError(rt, seq, Op.SetBaud, WireError.BadBaud, code);
    return;
  }
  sendAck(rt, seq, Op.SetBaud);
  const baud = BAUD_RATES[code];
  if (baud === rt.baud) return;
  rt.baudRevert = rt.baud;
  rt.baud = baud;
  setter(baud);
}

/** A readable extension frame arrived: a pending switch stands. */
export function baudConfirmed(rt: Runtime): void {
  rt.baudRevert = 0;
}

/** Garbage arrived: a switch not yet confirmed is undone. */
export function baudGarbled(rt: Runtime): void {
  const setter = rt.board.setBaud;
  if (rt.baudRevert === 0 || setter === undefined) return;
  rt.baud = rt.baudRevert;
  rt.baudRevert = 0;
  setter(rt.baud);
}
