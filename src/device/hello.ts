/**
 * The HelloReply: what the host learns at the handshake. Its own module because it gathers the
 * identity, the limits and the measured number type (and keeps extension.ts's main chunk under
 * NodeMCU's 50 locals).
 */
import { FIRMATA_MAJOR, FIRMATA_MINOR, FIRMWARE_MAJOR, FIRMWARE_MINOR, MAX_FRAME_BYTES, Op, PROTOCOL_VERSION } from "../shared/protocol.ts";
import { writeUint } from "../shared/wire/septets.ts";
import { maxNeurons } from "./config-ops.ts";
import { measureNumberType } from "../shared/number-type.ts";
import { frameStart, sendFrame } from "./output.ts";
import type { Runtime } from "./state.ts";

/**
 * HelloReply `protocol fw_major fw_minor max_frame:u14 input_capacity:u14 max_neurons:u14 has_timer
 * numbers firmata_major firmata_minor board_len board…`: numbers is NumberType (shared/protocol.ts),
 * measured now; then the identity the Firmata reports announce, repeated under the frame's CRC so
 * that the host can tell a damaged report from another firmware.
 */
export function sendHello(rt: Runtime, seq: number): void {
  let pos = frameStart(rt, Op.HelloReply, seq);
  rt.out[pos] = PROTOCOL_VERSION;
  rt.out[pos + 1] = FIRMWARE_MAJOR;
  rt.out[pos + 2] = FIRMWARE_MINOR;
  pos = writeUint(rt.out, pos + 3, MAX_FRAME_BYTES, 2);
  pos = writeUint(rt.out, pos, rt.inputCapacity, 2);
  pos = writeUint(rt.out, pos, maxNeurons(rt), 2);
  rt.out[pos] = rt.hasTimer ? 1 : 0;
  rt.out[pos + 1] = measureNumberType();
  rt.out[pos + 2] = FIRMATA_MAJOR;
  rt.out[pos + 3] = FIRMATA_MINOR;
  rt.out[pos + 4] = rt.board.name.length;
  pos = pos + 5;
  let rest = rt.board.name; // the way putText walks a string (no lualib)
  while (rest.length > 0) {
    rt.out[pos] = rest.charCodeAt(0) % 128;
    pos = pos + 1;
    rest = rest.slice(1);
  }
  sendFrame(rt, pos);
}
