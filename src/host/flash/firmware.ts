/** The spikeloop firmware as it goes on a board: firmware/app (built) with firmware/nodemcu on top. */
import { readFirmwareFiles } from "../../emulator/flash.ts";

/** Board name → content: "runtime.lua", "wire/frame.lua", …, "main.lua", "board.lua", "init.lua". */
export function firmwareFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(readFirmwareFiles())) {
    files[name] = typeof data === "string" ? new Uint8Array(Buffer.from(data, "utf8")) : data;
  }
  return files;
}
