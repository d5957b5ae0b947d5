/**
 * The emulated LFS region's size rule (src/emulator/lfs.ts): a luac.cross -f file interleaves
 * the flash image with a relocation bitmap of 1/32 of its size, and only the image must fit the
 * region, as luac.cross -m and the board count it.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { LfsRegion } from "../../src/emulator/lfs.ts";

/** A stand-in image file: `unpacked` bytes naming module "m". */
function imageFile(unpacked: number): Uint8Array {
  const bytes = Buffer.alloc(unpacked, 0);
  bytes.write("@m.lua", 100, "latin1");
  return new Uint8Array(gzipSync(bytes));
}

describe("the LFS region", () => {
  const sources = new Map([["m", new TextEncoder().encode("return {}")]]);

  it("takes a file whose flash image (32/33 of it) fits, though the file is larger than the region", () => {
    expect(new LfsRegion(32_000).reload(imageFile(33_000), sources)).toBeUndefined();
  });

  it("refuses one whose flash image does not fit, with NodeMCU's message", () => {
    expect(new LfsRegion(32_000).reload(imageFile(33_033), sources)).toBe("Image too big: 32032 bytes for an LFS region of 32000");
  });
});
