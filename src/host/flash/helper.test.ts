/**
 * The upload helper as NodeMCU's Lua 5.1 (ESP8266) and 5.3 (ESP32) run it: the very lines the
 * host types, under Debian's lua5.1, lua5.3, lua5.4 and luajit, over a `file` module stand-in
 * on the desktop's io library (NodeMCU's module is not ours to fake faithfully; this checks the
 * Lua dialect and the arithmetic). The emulator tests (test/integration/cli-flash.test.ts) cover the rest.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checksum } from "./checksum.ts";
import { CLEANUP_LINE, HELPER_LINES, HEX_PER_LINE, call } from "./helper.ts";
import { toHex } from "./names.ts";

/** NodeMCU's file module, the part the helper uses, over io (file names relative to `dir`). */
const FILE_SHIM = (dir: string): string => `
local dir = ${JSON.stringify(`${dir}/`)}
file = {}
function file.open(n, m)
  local f = io.open(dir .. n, m == "w" and "wb" or "rb")
  if not f then return nil end
  return {
    write = function(self, s) f:write(s) return true end,
    read = function(self, k) return f:read(k) end,
    close = function(self) f:close() end,
  }
end
function file.remove(n) os.remove(dir .. n) end
`;

const LUAS = ["lua5.1", "lua5.3", "lua5.4", "luajit"].filter((lua) => spawnSync(lua, ["-v"]).status === 0);

describe("the upload helper's Lua", () => {
  it("fits NodeMCU's 256-byte prompt line, with no '> ' for the prompt detection to trip on", () => {
    const lines = [...HELPER_LINES, call("w", "ab".repeat(HEX_PER_LINE / 2)), CLEANUP_LINE];
    for (const line of lines) {
      expect(line.length).toBeLessThan(250);
      expect(line).not.toContain("> ");
      expect(line).not.toContain("\n");
    }
  });

  it("computes Adler-32's sums as zlib does", () => {
    // adler32("Wikipedia") = 0x11E60398
    expect(checksum(new TextEncoder().encode("Wikipedia"))).toEqual({ length: 9, a: 0x0398, b: 0x11e6 });
  });

  it.each(LUAS)("writes, reads back and checksums every byte value under %s", (lua) => {
    expect(LUAS).toContain("lua5.1");
    const dir = mkdtempSync(join(tmpdir(), "spikeloop-helper-"));
    const data = new Uint8Array(Array.from({ length: 700 }, (_, i) => (i * 37 + 11) % 256));
    const hex = toHex(data);
    const typed = [...HELPER_LINES, call("o", toHex("x.bin"))];
    for (let at = 0; at < hex.length; at += HEX_PER_LINE) typed.push(call("w", hex.slice(at, at + HEX_PER_LINE)));
    typed.push(call("e"), call("s", toHex("x.bin")), CLEANUP_LINE);
    const run = spawnSync(lua, ["-"], { input: FILE_SHIM(dir) + typed.join("\n"), encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(Buffer.from(readFileSync(join(dir, "x.bin"))).equals(Buffer.from(data))).toBe(true);
    const { length, a, b } = checksum(data);
    const writes = Math.ceil(hex.length / HEX_PER_LINE);
    expect(run.stdout.trim().split("\n")).toEqual(["SL:ok", ...Array(writes).fill("SL:ok"), "SL:ok", `SL:${length}:${a}:${b}`, "SL:ok"]);
  });
});
