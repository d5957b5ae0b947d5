/**
 * Uploads files to a NodeMCU board through its Lua prompt: each file in hex lines, verified by
 * checksum on the board, optionally compiled there (node.compile → .lc), then init.lua last so
 * a board whose upload failed part-way never autostarts half a firmware.
 */
import type { Link } from "../../io/link.ts";
import { type Checksum, checksum, parseChecksum, sameChecksum } from "./checksum.ts";
import { FlashError } from "./errors.ts";
import { CLEANUP_LINE, HELPER_LINES, HEX_PER_LINE, RESTART_LINE, call } from "./helper.ts";
import { checkBoardName, toHex } from "./names.ts";
import { LuaPrompt } from "./prompt.ts";

export interface FlashProgress {
  file: string;
  /** 0-based index of `file` among the files. */
  index: number;
  files: number;
  /** Content bytes sent so far, over all files. */
  sent: number;
  total: number;
}

export interface FlashOptions {
  /** Compile each .lua except init.lua on the board (default true). */
  compile?: boolean;
  /** Remove the file "noboot" and reboot into the firmware when done (default true). */
  restart?: boolean;
  /** How long the prompt has to answer at first (default 5000 ms). */
  promptTimeoutMs?: number;
  /** Longest wait for one line (default 5000 ms; compiling gets four times as long). */
  lineTimeoutMs?: number;
  onProgress?: (progress: FlashProgress) => void;
  /** The prompt to type at, when the caller already talks to it (flash --lfs). */
  prompt?: LuaPrompt;
}

export interface FlashedFile {
  name: string;
  bytes: number;
  checksum: Checksum;
  /** Stored as name.lc, compiled on the board. */
  compiled: boolean;
}

export interface FlashResult {
  files: FlashedFile[];
  bytes: number;
  restarted: boolean;
}

/** Files to flash in upload order: by name, with init.lua (the autostart) last. */
export function uploadOrder(files: Record<string, string | Uint8Array>): Array<[string, Uint8Array]> {
  const entries = Object.entries(files).map(([name, data]) => {
    checkBoardName(name);
    return [name, typeof data === "string" ? new Uint8Array(Buffer.from(data, "utf8")) : data] as [string, Uint8Array];
  });
  for (const [name] of entries) {
    const compiled = name.endsWith(".lua") ? `${name.slice(0, -".lua".length)}.lc` : undefined;
    if (compiled !== undefined && compiled in files) {
      throw new FlashError(
        "conflicting-names",
        `${name} and ${compiled} are both given, but they are one module on the board: compiling ${name} writes ${compiled}, and require loads only one of them; give one of the two`,
        compiled,
      );
    }
  }
  const rank = (name: string): number => (name === "init.lua" ? 1 : 0);
  return entries.sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Uploads `files` (board name → content) over `link`, which must reach the board's Lua prompt. */
export async function flashFiles(link: Link, files: Record<string, string | Uint8Array>, options: FlashOptions = {}): Promise<FlashResult> {
  const order = uploadOrder(files); // every name is checked before anything is sent
  const lineMs = options.lineTimeoutMs ?? 5000;
  const prompt = options.prompt ?? new LuaPrompt(link);
  await prompt.wake(options.promptTimeoutMs ?? 5000);
  const expectOk = async (line: string, file: string | undefined, code: FlashError["code"], what: string, ms = lineMs): Promise<string> => {
    const out = await prompt.exec(line, ms);
    const reply = out.find((l) => l.startsWith("SL:"));
    if (reply === undefined) throw new FlashError("prompt-error", `${what}: the board answered ${JSON.stringify(out.join("\n"))}`, file);
    if (reply.startsWith("SL:no")) throw new FlashError(code, `${what}: the board refused${reply.length > 6 ? ` (${reply.slice(6)})` : ""}`, file);
    return reply;
  };
  for (const line of HELPER_LINES) {
    const out = await prompt.exec(line, lineMs);
    if (out.length > 0) throw new FlashError("prompt-error", `defining the upload helper: the board answered ${JSON.stringify(out.join("\n"))}`);
  }
  const total = order.reduce((sum, [, data]) => sum + data.length, 0);
  const flashed: FlashedFile[] = [];
  let sent = 0;
  for (const [index, [name, data]] of order.entries()) {
    const hexName = toHex(name);
    const report = (): void => options.onProgress?.({ file: name, index, files: order.length, sent, total });
    report();
    await expectOk(call("o", hexName), name, "open-failed", `${name}: opening it for writing (is the flash full?)`);
    const hex = toHex(data);
    for (let at = 0; at < hex.length; at += HEX_PER_LINE) {
      await expectOk(call("w", hex.slice(at, at + HEX_PER_LINE)), name, "write-failed", `${name}: writing (is the flash full?)`);
      sent += Math.min(HEX_PER_LINE, hex.length - at) / 2;
      report();
    }
    await expectOk(call("e"), name, "write-failed", `${name}: closing`);
    const expected = checksum(data);
    const found = parseChecksum(await expectOk(call("s", hexName), name, "checksum-mismatch", `${name}: reading it back`, lineMs * 4));
    if (found === undefined || !sameChecksum(found, expected)) {
      throw new FlashError(
        "checksum-mismatch",
        `${name}: the board holds ${found === undefined ? "something unreadable" : `${found.length} bytes with another checksum`} instead of the ${data.length} bytes sent; flash again`,
        name,
      );
    }
    const compile = (options.compile ?? true) && name.endsWith(".lua") && name !== "init.lua";
    if (compile) {
      await expectOk(call("k", hexName), name, "compile-failed", `${name}: node.compile on the board (out of heap? flash with --no-compile, see docs/cli.md)`, lineMs * 4);
    }
    flashed.push({ name, bytes: data.length, checksum: expected, compiled: compile });
  }
  const restart = options.restart ?? true;
  if (restart) await expectOk(call("r", toHex("noboot")), undefined, "write-failed", "removing noboot");
  await expectOk(CLEANUP_LINE, undefined, "prompt-error", "removing the upload helper");
  if (restart) await prompt.send(RESTART_LINE);
  return { files: flashed, bytes: total, restarted: restart };
}
