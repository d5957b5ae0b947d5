/** `spikeloop flash --port <path> [--no-compile] [--no-restart] [--timeout <ms>]` */
import { openSerialLink } from "../device/serial-link.ts";
import { type FlashProgress, firmwareFiles, flashFiles } from "../flash/index.ts";
import type { Command } from "./index.ts";
import { parseCommandLine, wholeOption } from "./options.ts";
import { UsageError } from "./usage.ts";

export const FLASH_USAGE = "spikeloop flash --port <path> [--no-compile] [--no-restart] [--timeout <ms>]";

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
    },
    FLASH_USAGE,
  );
  if (values.port === undefined) throw new UsageError("missing --port <path> (list ports with `spikeloop ports`)", FLASH_USAGE);
  const timeout = wholeOption("timeout", values.timeout!, 1, FLASH_USAGE);
  const files = firmwareFiles();
  const link = await openSerialLink(values.port);
  try {
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
  summary: "upload the firmware to a NodeMCU board at its Lua prompt, verify it and install the autostart",
  run: flash,
};
