/**
 * `spikeloop emulate [--lua <interpreter>] [--board esp8266|esp32] [--no-lfs] [--realtime|--virtual|--timing <profile>] [--link <path>]`:
 * the emulated device on a pseudo-terminal until SIGINT or SIGTERM. `--timing esp8266-80` (or
 * esp8266-160, esp32) runs a board that keeps that board's time (docs/emulator.md, "Board profiles"). The path goes alone on stdout's first
 * line (for scripts); what it is and how to stop it goes to stderr.
 */
import { once } from "node:events";
import { NodeMcuEmulator, type PtyBridge, openEmulatorLink, startExternalLuaPty, startPtyBridge } from "../../emulator/index.ts";
import type { Command } from "./index.ts";
import { parseCommandLine } from "./options.ts";
import { PROFILES, boardProfile } from "../../emulator/board-time.ts";
import { UsageError } from "./usage.ts";

export const EMULATE_USAGE = "spikeloop emulate [--lua <interpreter>] [--board esp8266|esp32] [--no-lfs] [--realtime|--virtual|--timing <profile>] [--link <path>]";

/**
 * The boards `--board` emulates: an ESP8266 (44 KiB free heap) holds the firmware only in LFS
 * (the default, as after `flash --lfs`); an ESP32 (320 KiB) also runs it from its file system.
 */
const BOARDS = {
  esp8266: { heapBytes: 44 * 1024, lfs: true },
  esp32: { heapBytes: 320 * 1024, lfs: false },
} as const;
type BoardName = keyof typeof BOARDS;

/** What firmware/nodemcu/main.lua prints when the firmware does not load. */
const LOAD_FAILED = "spikeloop: cannot load the firmware";

async function startDevice(values: { lua?: string; virtual?: boolean; link?: string; board: BoardName; lfs: boolean; timing?: string }): Promise<{ bridge: PtyBridge; what: string; close: () => Promise<void> }> {
  if (values.lua !== undefined) {
    const bridge = await startExternalLuaPty({ lua: values.lua, path: values.link });
    return { bridge, what: `the firmware under ${values.lua}`, close: () => bridge.close() };
  }
  // startup "main": no init.lua delay, the firmware answers as soon as the path is printed.
  const { heapBytes } = BOARDS[values.board];
  const profile = values.timing === undefined ? undefined : boardProfile(values.timing).name;
  const board = await NodeMcuEmulator.create({ clock: values.virtual || profile !== undefined ? "virtual" : "real", startup: "main", heapBytes, lfs: values.lfs, board: profile });
  try {
    // The board printed why before it stopped: its boot output is the error.
    const boot = board.output.text();
    if (boot.includes(LOAD_FAILED)) throw new Error(`the emulated ${values.board} did not start the firmware:\n${boot.slice(boot.indexOf(LOAD_FAILED)).trim()}`);
    const bridge = await startPtyBridge(openEmulatorLink(board, values.link ?? "emulator"), { path: values.link });
    const clock = profile !== undefined ? `timing ${profile}: the board's time, estimated` : values.virtual ? "virtual clock, standing still: lockstep only" : "real clock";
    const code = values.lfs ? "firmware in LFS" : "firmware on its file system";
    return { bridge, what: `the emulated NodeMCU board (${values.board}, ${code}, ${clock})`, close: async () => { await bridge.close(); await board.close(); } };
  } catch (error) {
    await board.close();
    throw error;
  }
}

async function emulate(argv: string[]): Promise<string> {
  const values = parseCommandLine(
    argv,
    {
      lua: { type: "string" },
      realtime: { type: "boolean", default: false },
      virtual: { type: "boolean", default: false },
      link: { type: "string" },
      board: { type: "string", default: "esp8266" },
      "no-lfs": { type: "boolean" },
      timing: { type: "string" },
    },
    EMULATE_USAGE,
  );
  if (values.realtime && values.virtual) throw new UsageError("--realtime and --virtual exclude each other", EMULATE_USAGE);
  if (values.timing !== undefined && (values.realtime || values.virtual || values.lua !== undefined)) {
    throw new UsageError("--timing runs the in-process emulator on its own clock: not with --realtime, --virtual or --lua", EMULATE_USAGE);
  }
  if (values.timing !== undefined && !Object.hasOwn(PROFILES, values.timing)) {
    throw new UsageError(`--timing: expected ${Object.keys(PROFILES).join(", ")}, got ${values.timing}`, EMULATE_USAGE);
  }
  if (values.lua !== undefined && values.virtual) {
    throw new UsageError("--virtual is the in-process emulator's clock; an external Lua runs on its own real clock", EMULATE_USAGE);
  }
  if (!(values.board! in BOARDS)) throw new UsageError(`--board: expected esp8266 or esp32, got ${JSON.stringify(values.board)}`, EMULATE_USAGE);
  const board = values.board as BoardName;
  if (values.lua !== undefined && (values["no-lfs"] !== undefined || board !== "esp8266")) {
    throw new UsageError("--board and --no-lfs describe the in-process emulated board; an external Lua has no heap limit or LFS", EMULATE_USAGE);
  }
  const lfs = values["no-lfs"] === true ? false : BOARDS[board].lfs;
  const { bridge, what, close } = await startDevice({ ...values, board, lfs });
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
  if (reason.startsWith("socat")) {
    const said = bridge.programErrors().trim();
    throw new Error(`the pseudo-terminal went away: ${reason}${said === "" ? "" : `; ${what} said:\n${said}`}`);
  }
  return `spikeloop emulate: stopped on ${reason}`;
}

export const emulateCommand: Command = {
  name: "emulate",
  usage: [EMULATE_USAGE],
  summary: "serve the emulated device on a pseudo-terminal for any serial program, until Ctrl-C",
  run: emulate,
};
