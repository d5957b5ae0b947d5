/**
 * `spikeloop emulate [--lua <interpreter>] [--realtime|--virtual|--board <profile>] [--link <path>]`:
 * the emulated device on a pseudo-terminal until SIGINT or SIGTERM. `--board esp8266-80` (or
 * esp8266-160, esp32) runs a board that keeps that board's time (docs/emulator.md, "Board profiles"). The path goes alone on stdout's first
 * line (for scripts); what it is and how to stop it goes to stderr.
 */
import { once } from "node:events";
import { parseArgs } from "node:util";
import { NodeMcuEmulator, type PtyBridge, openEmulatorLink, startExternalLuaPty, startPtyBridge } from "../../emulator/index.ts";
import type { Command } from "./index.ts";
import { PROFILES, boardProfile } from "../../emulator/board-time.ts";
import { UsageError } from "./usage.ts";

export const EMULATE_USAGE = "spikeloop emulate [--lua <interpreter>] [--realtime|--virtual|--board <profile>] [--link <path>]";

async function startDevice(values: { lua?: string; virtual?: boolean; link?: string; board?: string }): Promise<{ bridge: PtyBridge; what: string; close: () => Promise<void> }> {
  if (values.lua !== undefined) {
    const bridge = await startExternalLuaPty({ lua: values.lua, path: values.link });
    return { bridge, what: `the firmware under ${values.lua}`, close: () => bridge.close() };
  }
  // startup "main": no init.lua delay, the firmware answers as soon as the path is printed.
  const profile = values.board === undefined ? undefined : boardProfile(values.board).name;
  const board = await NodeMcuEmulator.create({ clock: values.virtual || profile !== undefined ? "virtual" : "real", startup: "main", board: profile });
  try {
    const bridge = await startPtyBridge(openEmulatorLink(board, values.link ?? "emulator"), { path: values.link });
    const clock = profile !== undefined ? `board profile ${profile}: the board's time, estimated` : values.virtual ? "virtual clock, standing still: lockstep only" : "real clock";
    return { bridge, what: `the emulated NodeMCU board (${clock})`, close: async () => { await bridge.close(); await board.close(); } };
  } catch (error) {
    await board.close();
    throw error;
  }
}

async function emulate(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      lua: { type: "string" },
      realtime: { type: "boolean", default: false },
      virtual: { type: "boolean", default: false },
      link: { type: "string" },
      board: { type: "string" },
    },
    strict: true,
  });
  if (values.realtime && values.virtual) throw new UsageError("--realtime and --virtual exclude each other", EMULATE_USAGE);
  if (values.board !== undefined && (values.realtime || values.virtual || values.lua !== undefined)) {
    throw new UsageError("--board runs the in-process emulator on its own clock: not with --realtime, --virtual or --lua", EMULATE_USAGE);
  }
  if (values.board !== undefined && !Object.hasOwn(PROFILES, values.board)) {
    throw new UsageError(`--board: expected ${Object.keys(PROFILES).join(", ")}, got ${values.board}`, EMULATE_USAGE);
  }
  if (values.lua !== undefined && values.virtual) {
    throw new UsageError("--virtual is the in-process emulator's clock; an external Lua runs on its own real clock", EMULATE_USAGE);
  }
  const { bridge, what, close } = await startDevice(values);
  const stop = new AbortController();
  const stopped = Promise.race([
    once(process, "SIGINT", { signal: stop.signal }).then(() => "SIGINT"),
    once(process, "SIGTERM", { signal: stop.signal }).then(() => "SIGTERM"),
    bridge.exited.then((code) => `socat ended (exit code ${code})`),
  ]);
  process.stdout.write(`${bridge.path}\n`);
  process.stderr.write(`spikeloop emulate: ${what} on ${bridge.path} (${bridge.device}); try \`spikeloop run --device ${bridge.path}\`; Ctrl-C stops it\n`);
  const reason = await stopped;
  stop.abort();
  await close();
  if (reason.startsWith("socat")) throw new Error(`the pseudo-terminal went away: ${reason}`);
  return `spikeloop emulate: stopped on ${reason}`;
}

export const emulateCommand: Command = {
  name: "emulate",
  usage: [EMULATE_USAGE],
  summary: "serve the emulated device on a pseudo-terminal for any serial program, until Ctrl-C",
  run: emulate,
};
