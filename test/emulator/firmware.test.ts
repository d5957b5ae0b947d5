/**
 * The real firmware on the emulated board: firmware/app (transpiled runtime, `npm run build`)
 * with the NodeMCU adapter firmware/nodemcu, booted through init.lua like a board.
 */
import { afterEach, describe, expect, it } from "vitest";
import { NodeMcuEmulator, openEmulatorLink, readFirmwareFiles } from "../../src/emulator/index.ts";
import type { Link } from "../../src/io/link.ts";
import { indexOf, text } from "../fixtures/emulator/fixtures.ts";

const FIRMWARE_NAME = [...new TextEncoder().encode("spikeloop-nodemcu")].flatMap((c) => [c & 0x7f, c >> 7]);
const NAME_REPLY = [0xf0, 0x79, 0x00, 0x01, ...FIRMWARE_NAME, 0xf7];

let emu: NodeMcuEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** Reads from `link` until `expected` has arrived; returns everything read. */
async function readUntil(link: Link, expected: readonly number[]): Promise<Uint8Array> {
  let got = new Uint8Array(0);
  while (indexOf(got, expected) < 0) {
    const chunk = await link.read();
    if (chunk === null) throw new Error(`link closed; got ${Buffer.from(got).toString("hex")}`);
    got = Uint8Array.from([...got, ...chunk]);
  }
  return got;
}

describe("the firmware on the emulated NodeMCU", () => {
  it("boots through init.lua, announces Firmata 2.6 and its name, and answers the name query", async () => {
    emu = await NodeMcuEmulator.create({ files: readFirmwareFiles() });
    const boot = emu.output.bytes();
    expect(text(boot)).toContain("spikeloop: starting in 3 s");
    const version = indexOf(boot, [0xf9, 0x02, 0x06]);
    expect(version).toBeGreaterThan(0);
    expect(indexOf(boot, NAME_REPLY)).toBeGreaterThan(version);
    expect(emu.clock.now()).toBe(3_000_000);
    expect(emu.panics).toEqual([]);

    const link = openEmulatorLink(emu);
    await link.write(Uint8Array.of(0xf0, 0x79, 0xf7));
    expect(indexOf(await readUntil(link, NAME_REPLY), NAME_REPLY)).toBe(0);
    await link.write(Uint8Array.of(0xf9));
    await link.write(Uint8Array.of(0xf0, 0xf7));
    expect(await readUntil(link, [0xf9, 0x02, 0x06])).toEqual(Uint8Array.of(0xf9, 0x02, 0x06));
    await link.close();
    expect(await link.read()).toBe(null);
  });

  it("loads only board modules: the runtime and the shared layer, not the simulate-only trace or configure", async () => {
    emu = await NodeMcuEmulator.create({ files: readFirmwareFiles() });
    const loaded = String(await emu.evaluate("local t = {} for k in pairs(package.loaded) do t[#t + 1] = k end table.sort(t) return table.concat(t, ' ')")).split(" ");
    expect(loaded).toContain("device.runtime");
    expect(loaded).toContain("device.config-ops");
    expect(loaded).toContain("shared.state-ids");
    expect(loaded.filter((name) => name === "device.trace" || name === "device.configure")).toEqual([]);
  });

  it("stays at the Lua prompt when FLASH (pin 3) is held at boot", async () => {
    emu = await NodeMcuEmulator.create({ files: readFirmwareFiles(), banner: false, fastBoot: false });
    emu.pins.setDigitalInput(3, 0);
    await emu.reboot();
    expect(emu.output.text()).toContain("spikeloop: FLASH held, staying at the Lua prompt\n> ");
    emu.output.clear();
    emu.receive(new TextEncoder().encode("=1+1\n"));
    await emu.settle();
    expect(emu.output.text()).toBe("=1+1\n2\n> ");
  });
});
