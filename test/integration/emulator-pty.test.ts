/**
 * The pseudo-terminal bridges (socat): a serial program opens a path and talks to the emulated
 * board, or to the firmware under an external Lua. These tests wait on real I/O (with timeouts).
 */
import { existsSync } from "node:fs";
import { autoDetect } from "@serialport/bindings-cpp";
import { afterEach, describe, expect, it } from "vitest";
import {
  NodeMcuEmulator,
  openEmulatorLink,
  type PtyBridge,
  SocatError,
  startExternalLuaPty,
  startPtyBridge,
} from "../../src/emulator/index.ts";
import { STDIO_ADAPTER_MAIN } from "../../src/io/paths.ts";
import { fixture, indexOf, latin1, text } from "../fixtures/emulator/fixtures.ts";

const binding = autoDetect();
type Port = Awaited<ReturnType<typeof binding.open>>;

let bridge: PtyBridge | undefined;
let emu: NodeMcuEmulator | undefined;
let port: Port | undefined;
afterEach(async () => {
  if (port?.isOpen) await port.close();
  await bridge?.close();
  await emu?.close();
  port = bridge = emu = undefined;
});

/** Reads from the port until `expected` arrived or `ms` passed. */
async function readUntil(p: Port, expected: readonly number[], ms = 5000): Promise<Uint8Array> {
  const deadline = Date.now() + ms;
  let got = new Uint8Array(0);
  while (indexOf(got, expected) < 0) {
    if (Date.now() > deadline) throw new Error(`timed out; got ${Buffer.from(got).toString("hex")}`);
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await Promise.race([
      p.read(buffer, 0, 256),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out; got ${text(got)}`)), deadline - Date.now())),
    ]);
    got = Uint8Array.from([...got, ...buffer.subarray(0, bytesRead)]);
  }
  return got;
}

// socat is a test dependency (.ci/run installs it): without it these tests fail, they do not skip.
describe("pty bridges", () => {
  it("serves the emulated board on a pty path that serialport's native binding opens", async () => {
    emu = await NodeMcuEmulator.create({ files: fixture("echo"), clock: "real", startup: "main", banner: false });
    bridge = await startPtyBridge(openEmulatorLink(emu));
    expect(existsSync(bridge.path)).toBe(true);
    expect(bridge.device).toMatch(/^\/dev\/pts\/\d+$/);
    port = await binding.open({ path: bridge.path, baudRate: 115200 });
    await port.write(Buffer.from(latin1("\x00\xff over the pty\xf7")));
    const reply = await readUntil(port, [...latin1("\xf7>")]);
    expect(text(reply)).toBe("<\x00\xff over the pty\xf7>");
  });

  it("closes socat and removes the path", async () => {
    emu = await NodeMcuEmulator.create({ files: fixture("echo"), startup: "main", banner: false });
    bridge = await startPtyBridge(openEmulatorLink(emu));
    const path = bridge.path;
    await bridge.close();
    expect(await bridge.exited).not.toBe(undefined);
    expect(existsSync(path)).toBe(false);
  });

  it("reports a missing socat clearly", async () => {
    emu = await NodeMcuEmulator.create({ files: {}, banner: false });
    await expect(startPtyBridge(openEmulatorLink(emu), { socat: "/nonexistent/socat" })).rejects.toMatchObject({
      name: "SocatError",
      code: "socat-missing",
    });
    expect(SocatError).toBeDefined();
  });

  it("runs the firmware under an external Lua behind a pty", async () => {
    expect(existsSync(STDIO_ADAPTER_MAIN)).toBe(true);
    bridge = await startExternalLuaPty({ lua: "lua5.1" });
    port = await binding.open({ path: bridge.path, baudRate: 115200 });
    await port.write(Buffer.from([0xf9, 0xf0, 0x79, 0xf7]));
    const reply = await readUntil(port, [0xf7]);
    expect(indexOf(reply, [0xf9, 0x02, 0x06])).toBeGreaterThanOrEqual(0);
    expect(indexOf(reply, [0xf0, 0x79, 0x00, 0x01, ..."spikeloop-stdio".split("").flatMap((c) => [c.charCodeAt(0), 0])])).toBeGreaterThanOrEqual(0);
  });
});
