/**
 * Board file names and the hex form everything takes at the Lua prompt. Names are checked
 * against SPIFFS' limits before anything is sent; both names and contents travel as hex, so
 * nothing a file holds can be read as Lua by the prompt.
 */
import { FlashError } from "./errors.ts";

/** SPIFFS_OBJ_NAME_LEN - 1 on NodeMCU. */
export const NAME_MAX = 31;

/** Path parts of letters, digits, "_", "-" and ".", joined by "/" (SPIFFS is flat: "/" is part of the name). */
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/** Throws a FlashError "bad-name" unless `name` can be a file on the board. */
export function checkBoardName(name: string): void {
  if (!NAME.test(name)) {
    throw new FlashError("bad-name", `${JSON.stringify(name)} is not a board file name: use letters, digits, "_", "-", "." and "/" between parts`, name);
  }
  if (name.length > NAME_MAX) {
    throw new FlashError("bad-name", `${JSON.stringify(name)} is longer than ${NAME_MAX} characters, SPIFFS' limit on NodeMCU`, name);
  }
}

export function toHex(data: Uint8Array | string): string {
  return Buffer.from(typeof data === "string" ? Buffer.from(data, "utf8") : data).toString("hex");
}
