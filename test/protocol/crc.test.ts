/**
 * The frame check (src/device/wire/crc14.ts): the table-driven CRC equals a textbook bit-at-a-time
 * CRC-14 written here, in Node and in the transpiled Lua under every desktop Lua; and it detects
 * every change of one septet (the Fletcher sum it replaces missed 00 ↔ 7F) and every change
 * confined to two neighbouring septets.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { crc14 } from "../../src/shared/wire/crc14.ts";
import { FIRMWARE_APP_DIR } from "../../src/io/paths.ts";

/** Bit by bit: septets MSB first, generator 0x202D (+x^14), register starting at 0x3FFF. */
function bitwiseCrc(septets: number[]): number {
  let r = 0x3fff;
  for (const b of septets) {
    for (let k = 6; k >= 0; k--) {
      const feedback = ((r >> 13) & 1) ^ ((b >> k) & 1);
      r = (r << 1) & 0x3fff;
      if (feedback) r ^= 0x202d;
    }
  }
  return r;
}

function randomSeptets(seed: number, n: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % 128;
  });
}

const SAMPLES = [[], [0], [127], [1, 2, 3], [0x7f, 0, 0x7f, 0], ...Array.from({ length: 40 }, (_, k) => randomSeptets(k + 1, 1 + k * 3))];

describe("CRC-14 of the neuron-extension frames", () => {
  it("equals the bit-at-a-time definition", () => {
    for (const s of SAMPLES) expect(crc14(s, 0, s.length)).toBe(bitwiseCrc(s));
    expect(crc14([9, 1, 2, 3, 9], 1, 4)).toBe(bitwiseCrc([1, 2, 3]));
  });

  it("detects every change of one septet to any other value, 00 ↔ 7F included", () => {
    const frame = randomSeptets(7, 60);
    frame[10] = 0;
    frame[11] = 0x7f;
    const good = crc14(frame, 0, frame.length);
    for (let i = 0; i < frame.length; i++) {
      const keep = frame[i];
      for (let v = 0; v < 128; v++) {
        if (v === keep) continue;
        frame[i] = v;
        if (crc14(frame, 0, frame.length) === good) throw new Error(`septet ${i}: ${keep} → ${v} undetected`);
      }
      frame[i] = keep;
    }
  });

  it("detects every change confined to two neighbouring septets (bursts up to 14 bits)", () => {
    const frame = randomSeptets(11, 24);
    const good = crc14(frame, 0, frame.length);
    for (let i = 0; i + 1 < frame.length; i++) {
      const [a, b] = [frame[i], frame[i + 1]];
      for (let e = 1; e < 1 << 14; e++) {
        frame[i] = a ^ (e >> 7);
        frame[i + 1] = b ^ (e & 127);
        if (crc14(frame, 0, frame.length) === good) throw new Error(`septets ${i}, ${i + 1}: error ${e} undetected`);
      }
      [frame[i], frame[i + 1]] = [a, b];
    }
  });

  it.each(["lua5.1", "lua5.3", "lua5.4", "luajit"])("computes the same CRCs in the transpiled Lua under %s", (lua) => {
    const cases = SAMPLES.map((s) => `{${s.join(",")}}`).join(",");
    const script = `package.path = ${JSON.stringify(`${FIRMWARE_APP_DIR}/?.lua;`)} .. package.path
      local crc14 = require("shared.wire.crc14").crc14
      for _, s in ipairs({${cases}}) do io.write(string.format("%d", crc14(s, 0, #s)), "\\n") end`;
    const out = execFileSync(lua, ["-"], { input: script, encoding: "utf8" }).trim().split("\n").map(Number);
    expect(out).toEqual(SAMPLES.map(bitwiseCrc));
  });
});
