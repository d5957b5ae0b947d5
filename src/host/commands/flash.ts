/** `spikeloop flash --port <path> [--lfs [--luac-cross <path>]] [--no-compile] [--no-restart] [--timeout <ms>]` */
import { openSerialLink } from "../client/serial-link.ts";
import { type FlashProgress, boardFiles, findLuacCross, flashFiles, flashLfs } from "../flash/index.ts";
import type { Command } from "./index.ts";
import { parseCommandLine, wholeOption } from "./options.ts";
import { UsageError } from "./usage.ts";

export const FLASH_USAGE = "spikeloop flash --port <path> [--lfs [--luac-cross <path>]] [--no-compile] [--no-restart] [--timeout <ms>]";

const BAR_WIDTH = 30;

/** A one-line progress bar on stderr, redrawn in place; only on a terminal. */
function progressBar(): ((p: FlashProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => {
    const done = p.total === 0 ? 1 : p.sent / p.total;
    const filled = Math.round(done * BAR_WIDTH);
    const bar = `${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}`;
    process.stderr.write(`\r[${bar}] ${String(Math.floor(done * 100)).padStart(3)}%  ${p.index + 1}/${p.files} ${p.file}`.padEnd(78) + (p.sent === p.total && p.index + 1 === p.files ? "\n" : ""));
  };
}

async function flash(argv: string[]): Promise<string> {
  const values = parseCommandLine(
    argv,
    {
      port: { type: "string" },
      "no-compile": { type: "boolean", default: false },
      "no-restart": { type: "boolean", default: false },
      timeout: { type: "string", default: "5000" },
      lfs: { type: "boolean", default: false },
      "luac-cross": { type: "string" },
    },
    FLASH_USAGE,
  );
  if (values.port === undefined) throw new UsageError("missing --port <path> (list ports with `spikeloop ports`)", FLASH_USAGE);
  const timeout = wholeOption("timeout", values.timeout!, 1, FLASH_USAGE);
  if (values["luac-cross"] !== undefined && !values.lfs) throw new UsageError("--luac-cross builds the LFS image: use it with --lfs", FLASH_USAGE);
  if (values.lfs && (values["no-compile"] || values["no-restart"])) {
    throw new UsageError("--lfs flashes the image with node.LFS.reload, which restarts the board: --no-compile and --no-restart do not apply", FLASH_USAGE);
  }
  const files = boardFiles();
  // Found before the port is opened: without luac.cross nothing is sent.
  const luacCross = values.lfs ? findLuacCross(values["luac-cross"]) : undefined;
  const link = await openSerialLink(values.port);
  try {
    if (luacCross !== undefined) {
      const { image, regionBytes, upload } = await flashLfs(link, files, {
        luacCross,
        promptTimeoutMs: timeout,
        lineTimeoutMs: timeout,
        onProgress: progressBar(),
      });
      return (
        `${values.port}: LFS image of ${image.modules.length} modules, ${image.imageBytes} bytes in the board's ${regionBytes}-byte LFS region, ` +
        `built with ${luacCross}; ${upload.bytes} bytes (lfs.img, init.lua) uploaded and verified; node.LFS.reload flashed it and ` +
        "the board restarted: it starts spikeloop from LFS 3 s later (hold FLASH during those 3 s to stay at the Lua prompt)"
      );
    }
    const result = await flashFiles(link, files, {
      compile: !values["no-compile"],
      restart: !values["no-restart"],
      promptTimeoutMs: timeout,
      lineTimeoutMs: timeout,
      onProgress: progressBar(),
    });
    const compiled = result.files.filter((f) => f.compiled).length;
    const then = result.restarted
      ? "the board restarts and starts spikeloop 3 s later (hold FLASH during those 3 s to stay at the Lua prompt)"
      : "the board stays at the Lua prompt; type node.restart() to start spikeloop";
    return `${values.port}: ${result.files.length} files, ${result.bytes} bytes uploaded and verified, ${compiled} compiled on the board; ${then}`;
  } finally {
    await link.close();
  }
}

export const flashCommand: Command = {
  name: "flash",
  usage: [FLASH_USAGE],
  summary: "upload the firmware to a NodeMCU board at its Lua prompt (as files, or an LFS image with --lfs), verify it and install the autostart",
  run: flash,
};
