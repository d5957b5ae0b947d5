/**
 * `spikeloop emulate` killed by any signal — SIGKILL too, which no handler sees — leaves no socat,
 * no Lua process and no temporary folder behind within 2 s: a watchdog process holding a pipe
 * from it cleans up when that pipe closes (src/emulator/pty.ts). Real processes, real signals.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";

/** Processes whose command line mentions `text`: [pid, pgid, args]. */
function processesMentioning(text: string): [number, number, string][] {
  const ps = spawnSync("ps", ["-eo", "pid=,pgid=,args="], { encoding: "utf8" }).stdout;
  return ps.split("\n").map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)).filter((m) => m !== null && m[3].includes(text))
    .map((m) => [Number(m![1]), Number(m![2]), m![3]] as [number, number, string]);
}

function groupMembers(pgid: number): number[] {
  const out = spawnSync("ps", ["-o", "pid=", "-g", String(pgid)], { encoding: "utf8" }).stdout;
  return out.split("\n").map((s) => s.trim()).filter((s) => s !== "").map(Number);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ["the in-process emulator", []],
  ["the firmware under lua5.1", ["--lua", "lua5.1"]],
])("spikeloop emulate (%s) killed", (_, args) => {
  it.each(["SIGKILL", "SIGTERM", "SIGHUP"] as const)("by %s leaves nothing behind within 2 s", async (signal) => {
    const child = spawn(process.execPath, [CLI, "emulate", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise((resolve) => child.on("close", resolve));
    const path = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error("no pty path within 15 s")), 15_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) {
          clearTimeout(timer);
          resolve(out.split("\n")[0]);
        }
      });
    });
    const folder = dirname(path);
    const socat = processesMentioning(`link=${path}`).filter(([, , a]) => a.startsWith("socat"));
    expect(socat).toHaveLength(1);
    const group = socat[0][1];
    if (args.length > 0) expect(groupMembers(group).length).toBeGreaterThanOrEqual(2); // socat and lua5.1
    expect(existsSync(folder)).toBe(true);

    child.kill(signal);
    await exited;
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline && (groupMembers(group).length > 0 || existsSync(folder))) await wait(50);
    expect(groupMembers(group)).toEqual([]);
    expect(existsSync(folder)).toBe(false);
    expect(processesMentioning(folder)).toEqual([]); // no watchdog left either
  }, 30_000);
});
