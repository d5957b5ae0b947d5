/** The in-process Link to the emulated board, against the contract in src/io/link.ts. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import { LinkClosedError } from "../../src/io/link.ts";
import { fixture, latin1, text } from "../fixtures/emulator/fixtures.ts";

let emu: NodeMcuEmulator;
beforeEach(async () => {
  emu = await NodeMcuEmulator.create({ files: fixture("echo"), startup: "main", banner: false });
});
afterEach(() => emu.close());

describe("openEmulatorLink", () => {
  it("carries bytes both ways, in order, and sees only what the board sent after it opened", async () => {
    const link = openEmulatorLink(emu);
    expect(link.path).toBe("emulator");
    await link.write(latin1("a\xf7"));
    await link.write(latin1("b\xf7"));
    await emu.settle();
    expect(text((await link.read())!)).toBe("<a\xf7><b\xf7>");
    const pending = link.read();
    await link.write(latin1("c\xf7"));
    expect(text((await pending)!)).toBe("<c\xf7>");
    await link.close();
  });

  it("after close: pending and later reads give null, writes reject, close is idempotent; the board runs on", async () => {
    const link = openEmulatorLink(emu);
    const pending = link.read();
    await link.close();
    await link.close();
    expect(await pending).toBe(null);
    expect(await link.read()).toBe(null);
    await expect(link.write(Uint8Array.of(1))).rejects.toBeInstanceOf(LinkClosedError);
    expect(emu.running).toBe(true);
  });

  it("ends when the emulator closes, even if it opens afterwards", async () => {
    const link = openEmulatorLink(emu);
    const pending = link.read();
    await emu.close();
    expect(await pending).toBe(null);
    const late = openEmulatorLink(emu, "late");
    expect(await late.read()).toBe(null);
    await expect(late.write(Uint8Array.of(1))).rejects.toThrow("late: the link is closed");
  });
});
