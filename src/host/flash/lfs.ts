/**
 * `spikeloop flash --lfs`: the firmware as a NodeMCU Lua Flash Store image. NodeMCU's own
 * compiler (`luac.cross -f`, built beside the firmware) turns the board's modules into an image;
 * the board's LFS region (node.getpartitiontable().lfs_size) must hold it; the image and an
 * init.lua are uploaded and verified, then node.LFS.reload flashes the image and restarts the
 * board, whose init.lua starts spikeloop from LFS. Code in LFS runs from flash and takes no heap,
 * which is how the firmware fits an ESP8266.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import type { Link } from "../../io/link.ts";
import { FlashError } from "./errors.ts";
import { LuaPrompt } from "./prompt.ts";
import { type FlashOptions, type FlashResult, flashFiles } from "./upload.ts";

/** Where NodeMCU's luac.cross comes from when spikeloop finds none. */
export const GET_LUAC_CROSS =
  "luac.cross is built with NodeMCU's firmware (github.com/nodemcu/nodemcu-firmware: `make` leaves it in " +
  "the repository's root; for Lua 5.3 builds `LUA=53 make`), or by NodeMCU's Docker builder " +
  "(`docker run --rm -ti -v $(pwd):/opt/nodemcu-firmware marcelstoer/nodemcu-build build`). Use the one " +
  "built with the firmware on your board: pass it as --luac-cross <path>, set SPIKELOOP_LUAC_CROSS, or put it on the PATH";

/** NodeMCU's luac.cross: `explicit`, else $SPIKELOOP_LUAC_CROSS, $SPIKELOOP_NODEMCU_TOOLS/luac.cross.51, `luac.cross` on the PATH. */
export function findLuacCross(explicit?: string): string {
  const candidates: Array<[string | undefined, string]> = [
    [explicit, "--luac-cross"],
    [process.env.SPIKELOOP_LUAC_CROSS, "SPIKELOOP_LUAC_CROSS"],
  ];
  for (const [path, from] of candidates) {
    if (path === undefined || path === "") continue;
    if (!existsSync(path)) throw new FlashError("no-luac-cross", `${from}: ${path} does not exist. ${GET_LUAC_CROSS}`);
    return resolve(path);
  }
  const tools = process.env.SPIKELOOP_NODEMCU_TOOLS;
  if (tools !== undefined && existsSync(join(tools, "luac.cross.51"))) return resolve(tools, "luac.cross.51");
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && existsSync(join(dir, "luac.cross"))) return join(dir, "luac.cross");
  }
  throw new FlashError("no-luac-cross", `no luac.cross found. ${GET_LUAC_CROSS}`);
}

export interface LfsImage {
  image: Uint8Array;
  /** The image's size once unpacked into the LFS region (what must fit). */
  imageBytes: number;
  modules: string[];
}

/** LFS module name of a board file: its file name without folder or ".lua". */
export function lfsModuleName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1).replace(/\.lua$/, "");
}

/**
 * Builds the LFS image of `files` (board name → Lua source; every .lua but init.lua, which stays
 * on the file system) with `luacCross`, for a region of `regionBytes`.
 */
export function buildLfsImage(files: Record<string, Uint8Array>, luacCross: string, regionBytes: number): LfsImage {
  const byModule = new Map<string, string>();
  for (const name of Object.keys(files)) {
    if (!name.endsWith(".lua") || name === "init.lua") continue;
    const module = lfsModuleName(name);
    const other = byModule.get(module);
    if (other !== undefined) throw new FlashError("lfs-build-failed", `${other} and ${name} are both LFS module "${module}": LFS names modules by file name alone`, name);
    byModule.set(module, name);
  }
  const dir = mkdtempSync(join(tmpdir(), "spikeloop-lfs-"));
  try {
    const sources = [...byModule].map(([module, name]) => {
      writeFileSync(join(dir, `${module}.lua`), files[name]);
      return `${module}.lua`;
    });
    let said: string;
    try {
      said = execFileSync(luacCross, ["-f", "-m", String(regionBytes), "-o", "lfs.img", ...sources], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      const needs = /Image size: (\d+)/.exec(e.stdout ?? "");
      if (needs !== null && /too large/.test(e.stderr ?? "")) {
        throw new FlashError("lfs-too-big", `the LFS image needs ${needs[1]} bytes, the board's LFS region holds ${regionBytes}`);
      }
      throw new FlashError("lfs-build-failed", `${luacCross} could not build the LFS image: ${(e.stderr || e.stdout || e.message).trim()}`);
    }
    const size = /Image size: (\d+)/.exec(said);
    const image = new Uint8Array(readFileSync(join(dir, "lfs.img")));
    const imageBytes = size !== null ? Number(size[1]) : image.length;
    if (imageBytes > regionBytes) {
      throw new FlashError("lfs-too-big", `the LFS image needs ${imageBytes} bytes, the board's LFS region holds ${regionBytes}`);
    }
    return { image, imageBytes, modules: [...byModule.keys()].sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the board's LFS region size: NodeMCU 3.0's partition table (0 without LFS). */
const REGION_LINE = 'local p=node.getpartitiontable and node.getpartitiontable() print("SL:"..(p and p.lfs_size or 0))';
/** Flashes the image; on success the board restarts and this never prints. */
const RELOAD_LINE = 'file.remove("noboot") print("SL:no:"..tostring(node.LFS.reload("lfs.img")))';

export interface LfsFlashOptions extends Omit<FlashOptions, "compile" | "restart" | "prompt"> {
  luacCross: string;
  /** Called once the board's region is known and the image built. */
  onImage?: (image: LfsImage, regionBytes: number) => void;
}

export interface LfsFlashResult {
  image: LfsImage;
  regionBytes: number;
  upload: FlashResult;
}

/** Builds, checks, uploads and reloads the LFS image of `files` on the board behind `link`. */
export async function flashLfs(link: Link, files: Record<string, Uint8Array>, options: LfsFlashOptions): Promise<LfsFlashResult> {
  const lineMs = options.lineTimeoutMs ?? 5000;
  const prompt = new LuaPrompt(link);
  await prompt.wake(options.promptTimeoutMs ?? 5000);
  const region = (await prompt.exec(REGION_LINE, lineMs)).find((l) => l.startsWith("SL:"));
  const regionBytes = region === undefined ? NaN : Number(region.slice(3));
  if (!Number.isInteger(regionBytes)) throw new FlashError("prompt-error", `asking the board for its LFS region: it answered ${JSON.stringify(region)}`);
  if (regionBytes <= 0) {
    throw new FlashError("no-lfs", "the board's NodeMCU has no LFS region. Fix: flash a NodeMCU build with LFS (LUA_FLASH_STORE, e.g. 0x20000 in app/include/user_config.h, or the cloud builder's LFS size), or flash without --lfs on a board with more heap");
  }
  const image = buildLfsImage(files, options.luacCross, regionBytes);
  options.onImage?.(image, regionBytes);
  const init = files["init.lua"];
  if (init === undefined) throw new FlashError("lfs-build-failed", "the firmware has no init.lua to start spikeloop from LFS");
  const upload = await flashFiles(link, { "lfs.img": image.image, "init.lua": init }, { ...options, compile: false, restart: false, prompt });
  // The reload restarts the board: its boot output comes back instead of an "SL:no" line.
  const out = await prompt.exec(RELOAD_LINE, lineMs * 4);
  const refused = out.find((l) => l.startsWith("SL:no:"));
  if (refused !== undefined) throw new FlashError("lfs-reload-failed", `node.LFS.reload("lfs.img") refused the image: ${refused.slice(6)}`);
  return { image, regionBytes, upload };
}
