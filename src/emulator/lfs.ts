/**
 * The emulated board's Lua Flash Store: a region of the flash (its size fixed when NodeMCU was
 * built, commonly 64–128 KB) holding compiled modules that run from flash and take no heap.
 * `node.LFS.reload("lfs.img")` takes an image built by NodeMCU's `luac.cross -f`: the emulator
 * checks it as the board does (a gzip'd LFS image whose flash image fits the region) and reads
 * the modules it holds from the image's chunk names ("@runtime.lua" is module "runtime"). It
 * cannot execute NodeMCU's Lua 5.1 bytecode in its Lua 5.4 VM, so each module then runs from
 * its Lua source in the firmware the image was built from (docs/emulator.md, "LFS").
 */
import { gunzipSync } from "node:zlib";
import type { FlashFiles } from "./filesystem.ts";

/** The LFS region of the NodeMCU builds spikeloop targets (NodeMCU's `LUA_FLASH_STORE 0x20000`). */
export const DEFAULT_LFS_BYTES = 128 * 1024;

/** Module name (file name without folder or .lua) → Lua source, for every .lua but init.lua. */
export function lfsModules(files: FlashFiles): Map<string, Uint8Array> {
  const modules = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    if (!name.endsWith(".lua") || name === "init.lua") continue;
    const module = name.slice(name.lastIndexOf("/") + 1, -".lua".length);
    modules.set(module, typeof data === "string" ? new TextEncoder().encode(data) : data);
  }
  return modules;
}

export class LfsRegion {
  private modules = new Map<string, Uint8Array>();

  /** `size`: the region's bytes (0: a NodeMCU build without LFS). */
  constructor(readonly size: number) {}

  /** Fills the region as `flash --lfs` would have, with these modules. */
  preload(modules: Map<string, Uint8Array>): void {
    this.modules = new Map(modules);
  }

  names(): string[] {
    return [...this.modules.keys()].sort();
  }

  source(name: string): Uint8Array | undefined {
    return this.modules.get(name);
  }

  /**
   * Flashes `image` (a luac.cross -f image) into the region, taking each module's code from
   * `sources`; the error NodeMCU's reload would return, or undefined when it took the image.
   */
  reload(image: Uint8Array | undefined, sources: Map<string, Uint8Array>): string | undefined {
    if (image === undefined) return "No LFS image file found";
    if (this.size === 0) return "This NodeMCU build has no LFS region";
    let unpacked: Buffer;
    try {
      unpacked = gunzipSync(image);
    } catch {
      return "Image is not a compressed LFS image";
    }
    // The file interleaves the flash image with its relocation bitmap, one bit per 4-byte word
    // (1/32 of the image), which is not written to the region: luac.cross -f reports (and -m
    // checks) the image alone, 32/33 of the unpacked bytes.
    const imageBytes = Math.floor((unpacked.length * 32) / 33);
    if (imageBytes > this.size) return `Image too big: ${imageBytes} bytes for an LFS region of ${this.size}`;
    const names = new Set([...unpacked.toString("latin1").matchAll(/@([A-Za-z0-9_-]+)\.lua/g)].map((m) => m[1]));
    if (names.size === 0) return "Image holds no modules";
    const modules = new Map<string, Uint8Array>();
    for (const name of names) {
      const code = sources.get(name);
      if (code === undefined) return `the emulator has no Lua source for LFS module "${name}"`;
      modules.set(name, code);
    }
    this.modules = modules;
    return undefined;
  }
}
