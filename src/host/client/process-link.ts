/**
 * A Link to a child process over its stdin and stdout: the firmware under a desktop Lua through
 * the stdio adapter (`lua5.1 firmware/stdio/main.lua firmware/app`). Its stderr is kept (the last
 * few kilobytes) for diagnostics.
 */
import { spawn } from "node:child_process";
import { type Link, LinkClosedError } from "../../io/link.ts";
import { FIRMWARE_APP_DIR, STDIO_ADAPTER_MAIN } from "../../io/paths.ts";
import { stdioLuaCommand } from "../../io/lua-command.ts";
import { ChunkQueue } from "./chunk-queue.ts";
import { LinkOpenError } from "./errors.ts";

const STDERR_KEEP = 4096;

export interface ProcessLink extends Link {
  /** The end of what the process wrote to stderr. */
  stderr(): string;
  /** Kills the process, as a crash or power loss would end it; the link then closes. */
  kill(signal?: NodeJS.Signals): void;
}

export interface ProcessLinkOptions {
  cwd?: string;
}

/** Starts `command args…`; resolves once it runs, or fails with LinkOpenError "spawn-failed". */
export function spawnProcessLink(command: string, args: string[], options: ProcessLinkOptions = {}): Promise<ProcessLink> {
  const path = [command, ...args].join(" ");
  const child = spawn(command, args, { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
  const incoming = new ChunkQueue();
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  child.stdout.on("data", (chunk: Buffer) => incoming.push(new Uint8Array(chunk)));
  child.stdout.once("end", () => incoming.end());
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_KEEP)));
  // Writing to a process that died fails the write (below); the pipe's own error is not fatal.
  child.stdin.on("error", () => undefined);
  const link: ProcessLink = {
    path,
    read: () => incoming.read(),
    write(data: Uint8Array): Promise<void> {
      if (incoming.ended || child.exitCode !== null || child.signalCode !== null) return Promise.reject(new LinkClosedError(path));
      return new Promise((resolve, reject) => {
        child.stdin.write(data, (err) => (err ? reject(new LinkClosedError(path)) : resolve()));
      });
    },
    async close(): Promise<void> {
      incoming.end(true);
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin.end();
        child.kill();
      }
      await exited;
    },
    stderr: () => stderr,
    kill: (signal = "SIGKILL") => void child.kill(signal),
  };
  return new Promise((resolve, reject) => {
    child.once("spawn", () => resolve(link));
    child.on("error", (err) => {
      incoming.end();
      reject(new LinkOpenError("spawn-failed", path, `cannot start ${command}: ${err.message}`));
    });
  });
}

/**
 * The firmware under an external Lua (`lua5.1`, `lua5.3`, a path, or a NodeMCU core such as
 * `luac.cross.51`) through the stdio adapter.
 */
export function spawnStdioFirmware(interpreter: string): Promise<ProcessLink> {
  const [program, ...args] = stdioLuaCommand(interpreter, STDIO_ADAPTER_MAIN, FIRMWARE_APP_DIR);
  return spawnProcessLink(program, args);
}
