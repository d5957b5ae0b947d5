/**
 * Pseudo-terminals with Debian's socat, so any serial program can open the board by a path:
 * - `startPtyBridge(link)`: the pty's other end is a Link (e.g. the emulated board's);
 * - `startExternalLuaPty()`: the pty's other end is the firmware under an external Lua
 *   (`lua firmware/stdio/main.lua firmware/app`).
 * A pty ignores the baud rate. Closing the bridge ends socat and what it runs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Link } from "../io/link.ts";
import { FIRMWARE_APP_DIR, STDIO_ADAPTER_MAIN } from "../io/paths.ts";
import { stdioLuaCommand } from "../io/lua-command.ts";

export interface PtyBridge {
  /** The path a serial program opens (a symlink to the pty). */
  readonly path: string;
  /** The pty device itself (/dev/pts/N). */
  readonly device: string;
  /** Resolves with socat's exit code once it ended (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Ends socat and what it runs, and closes the link; idempotent. */
  close(): Promise<void>;
  /** What the program socat runs wrote to its stderr so far (socat's own log left out). */
  programErrors(): string;
}

export interface PtyOptions {
  /** Where the pty's symlink goes; default a fresh temporary directory's "tty". */
  path?: string;
  /** The socat program (default "socat" on the PATH). */
  socat?: string;
  /** How long to wait for socat to set up the pty (default 5000 ms). */
  timeoutMs?: number;
}

export class SocatError extends Error {
  constructor(
    readonly code: "socat-missing" | "socat-failed",
    message: string,
    /** What the program socat ran wrote to its stderr ("" when nothing). */
    readonly programErrors = "",
  ) {
    super(message);
    this.name = "SocatError";
  }
}

const READY = /PTY is (\S+)[\s\S]*starting data transfer loop/;
/** A line of socat's own log (`-d -d`): `2026/12/01 23:59:59.123456 socat[42] N …`. */
const SOCAT_LINE = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? socat\[\d+\] [A-Z] /;

/**
 * What the watchdog runs (`sh -c WATCHDOG sh <socat pid> <dir or link> <1: a temporary dir>`):
 * it blocks reading its stdin, a pipe only this process holds open; when that closes because
 * this process died — by any signal, SIGKILL included, which no handler can catch — it ends
 * socat's process group (socat and the Lua it runs: TERM, then KILL 0.3 s later) and removes
 * the temporary folder (or the symlink at a given --link path). On a normal close this process
 * kills the watchdog first, so it does nothing.
 */
const WATCHDOG = `cat >/dev/null
kill -TERM -"$1" 2>/dev/null
sleep 0.3
kill -KILL -"$1" 2>/dev/null
if [ "$3" = 1 ]; then rm -rf -- "$2"; elif [ -L "$2" ]; then rm -f -- "$2"; fi`;

/** Starts the watchdog of socat's group `pid` (see WATCHDOG); returns a function that disarms it. */
function startWatchdog(pid: number, leftover: string, temporary: boolean): () => void {
  // Its own process group, so a Ctrl-C to the terminal's group does not end it before it acts.
  const watchdog = spawn("sh", ["-c", WATCHDOG, "sh", String(pid), leftover, temporary ? "1" : "0"], { stdio: ["pipe", "ignore", "ignore"], detached: true });
  watchdog.on("error", () => undefined);
  watchdog.stdin!.on("error", () => undefined);
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
  return () => {
    watchdog.kill("SIGKILL");
  };
}

/** Starts socat with `other` as the pty's far side; resolves once the pty path exists. */
async function startSocat(other: string, options: PtyOptions): Promise<{ child: ChildProcess; bridge: PtyBridge }> {
  const tempDir = options.path === undefined ? mkdtempSync(join(tmpdir(), "spikeloop-pty-")) : undefined;
  const path = options.path ?? join(tempDir!, "tty");
  const socat = options.socat ?? "socat";
  const child = spawn(socat, ["-d", "-d", `pty,raw,echo=0,link=${path}`, other], { stdio: ["pipe", "pipe", "pipe"], detached: true });
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const disarm = child.pid === undefined ? () => undefined : startWatchdog(child.pid, tempDir ?? path, tempDir !== undefined);
  let log = "";
  const programErrors = (): string =>
    log
      .split("\n")
      .filter((line) => line.trim() !== "" && !SOCAT_LINE.test(line))
      .join("\n");
  const device = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new SocatError("socat-failed", `socat did not set up a pty within ${options.timeoutMs ?? 5000} ms: ${log.trim()}`)), options.timeoutMs ?? 5000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      kill(child);
      reject(error);
    };
    child.once("error", (error: NodeJS.ErrnoException) =>
      fail(error.code === "ENOENT" ? new SocatError("socat-missing", `${socat} is not installed (Debian: apt-get install socat)`) : error),
    );
    const early = (): void => {
      const program = programErrors();
      const said = program === "" ? log.trim() : `${other} ended; it said:\n${program}`;
      fail(new SocatError("socat-failed", `socat ended before the pty was ready: ${said}`, program));
    };
    child.once("close", early);
    child.stderr!.on("data", (chunk: Buffer) => {
      if (log.length < 64 * 1024) log += chunk.toString("utf8");
      const ready = READY.exec(log);
      if (ready) {
        clearTimeout(timer);
        child.removeListener("close", early);
        resolve(ready[1]);
      }
    });
  }).catch((error: unknown) => {
    disarm(); // fail() already ended socat's group
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
    throw error;
  });
  let closing: Promise<void> | undefined;
  const bridge: PtyBridge = {
    path,
    device,
    exited,
    programErrors,
    close() {
      closing ??= (async () => {
        kill(child);
        await exited;
        disarm();
        if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
  return { child, bridge };
}

/** Ends socat's process group (socat and the program it runs). */
function kill(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
}

/**
 * Serves `link` on a new pty: bytes a program writes to the pty go to `link.write`, what
 * `link.read` returns goes to the program. The bridge owns the link from now on.
 */
export async function startPtyBridge(link: Link, options: PtyOptions = {}): Promise<PtyBridge> {
  const { child, bridge } = await startSocat("STDIO", options);
  child.stdout!.on("data", (chunk: Buffer) => {
    link.write(new Uint8Array(chunk)).catch(() => void bridge.close());
  });
  child.stdin!.on("error", () => undefined);
  void (async () => {
    for (let chunk = await link.read(); chunk !== null; chunk = await link.read()) child.stdin!.write(chunk);
    await bridge.close();
  })().catch(() => void bridge.close());
  return {
    ...bridge,
    async close() {
      await Promise.all([bridge.close(), link.close()]);
    },
  };
}

export interface ExternalLuaOptions extends PtyOptions {
  /** The Lua interpreter (default "lua"; lua5.1, lua5.3, luajit…, or a NodeMCU core luac.cross.51…). */
  lua?: string;
  /** The transpiled firmware (default firmware/app). */
  appDir?: string;
  /** The stdio adapter (default firmware/stdio/main.lua). */
  main?: string;
}

/** socat's EXEC splits its command on spaces and treats ",", ":" and "!!" specially. */
const PLAIN = /^[\w./+@=-]+$/;

/** Runs the firmware under an external Lua, behind a new pty. */
export async function startExternalLuaPty(options: ExternalLuaOptions = {}): Promise<PtyBridge> {
  const command = stdioLuaCommand(options.lua ?? "lua", options.main ?? STDIO_ADAPTER_MAIN, options.appDir ?? FIRMWARE_APP_DIR);
  const bad = command.find((part) => !PLAIN.test(part));
  if (bad !== undefined) throw new TypeError(`cannot pass ${JSON.stringify(bad)} to socat's EXEC: use a path without spaces or , : ! characters`);
  const { bridge } = await startSocat(`EXEC:${command.join(" ")}`, options);
  return bridge;
}
