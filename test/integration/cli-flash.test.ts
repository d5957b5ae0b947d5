/**
 * `spikeloop flash` against the emulated board's Lua prompt: the built CLI in a child process
 * types the upload over a pty (socat), the emulated board then boots the firmware and answers
 * Firmata and the neuron protocol. Upload safety (hostile names and contents) through the library.
 */
import { afterEach, describe, expect, it } from "vitest";
import { NodeMcuEmulator, type PtyBridge, openEmulatorLink, readFirmwareFiles, startPtyBridge } from "../../src/emulator/index.ts";
import { FlashError, boardFiles, checksum, flashFiles } from "../../src/host/flash/index.ts";
import { runsTheFirmware } from "../helpers/board-runs.ts";
import { CLI, runCli as cli } from "../helpers/cli.ts";




let board: NodeMcuEmulator | undefined;
let bridge: PtyBridge | undefined;
afterEach(async () => {
  await bridge?.close();
  await board?.close();
  board = bridge = undefined;
});

describe("spikeloop flash", () => {
  it("uploads the firmware over a pty to a blank board's prompt, which then boots it and answers Firmata", async () => {
    // A fresh NodeMCU with an ESP32's heap (no init.lua, at the prompt): from the file system the
    // firmware does not fit an ESP8266 (that one is flashed with --lfs, below).
    board = await NodeMcuEmulator.create({ files: {}, heapBytes: 320 * 1024, lfs: false });
    bridge = await startPtyBridge(openEmulatorLink(board));
    const result = await cli(["flash", "--port", bridge.path]);
    expect(result.stderr).toBe(""); // no progress bar when stderr is not a terminal
    expect(result.status).toBe(0);
    const firmware = boardFiles(); // what `flash` uploads: the files the board runs
    expect(result.stdout).toMatch(new RegExp(`${Object.keys(firmware).length} files, \\d+ bytes uploaded and verified, ${Object.keys(firmware).length - 1} compiled`));
    // Every .lua but init.lua is compiled on the board and its source removed.
    const names = board.flash.list().map(([name]) => name);
    expect(names).toContain("init.lua");
    expect(names).toContain("main.lc");
    expect(names).toContain("shared/wire/frame.lc");
    expect(names.filter((n) => n.endsWith(".lua"))).toEqual(["init.lua"]);
    expect(Buffer.from(board.flash.read("init.lua")!).equals(Buffer.from(firmware["init.lua"]))).toBe(true);
    await bridge.close();
    bridge = undefined;
    await board.advance(3000); // past init.lua's 3 s
    await runsTheFirmware(board);
    expect(board.panics).toEqual([]);
  }, 60_000);

  it("leaves the prompt by 'noboot', removes it, and FLASH held at boot gets back to the prompt", async () => {
    board = await NodeMcuEmulator.create({ files: { ...readFirmwareFiles(), noboot: "" } });
    expect(board.output.text()).toContain("file 'noboot' found, staying at the Lua prompt");
    const result = await flashFiles(openEmulatorLink(board), readFirmwareFiles(), { compile: false });
    expect(result.restarted).toBe(true);
    expect(board.flash.exists("noboot")).toBe(false);
    expect(board.flash.exists("main.lua")).toBe(true);
    await board.advance(3000); // past init.lua's 3 s
    await runsTheFirmware(board);
    board.pins.setDigitalInput(3, 0); // hold FLASH (GPIO0) through the reset
    board.output.clear();
    await board.reboot();
    await board.advance(3000);
    expect(board.output.text()).toContain("FLASH held, staying at the Lua prompt");
    expect(await board.evaluate("return tostring(uart ~= nil)")).toBe("true");
    expect(board.output.text().endsWith("> ")).toBe(true);
  }, 60_000);

  it("stops when the port reset the board and init.lua's countdown ends in spikeloop", async () => {
    board = await NodeMcuEmulator.create({ fastBoot: false }); // at the prompt, init.lua's 3 s timer pending
    const link = openEmulatorLink(board);
    await board.reboot(); // as opening a NodeMCU's USB port often does
    const flashing = flashFiles(link, { "x.lua": "x=1" });
    await board.advance(3000); // the countdown ends: the firmware takes UART0
    await expect(flashing).rejects.toMatchObject({ code: "no-prompt" });
    await expect(flashing).rejects.toThrow(/will start spikeloop in 3 s.*Fix: hold its FLASH button/);
    expect(board.flash.exists("x.lua")).toBe(false);
  });

  it("goes on when FLASH is held through that countdown", async () => {
    board = await NodeMcuEmulator.create({ fastBoot: false });
    const link = openEmulatorLink(board);
    await board.reboot();
    const flashing = flashFiles(link, { "x.lua": "x=1" }, { restart: false });
    board.pins.setDigitalInput(3, 0);
    await board.advance(3000); // init.lua: "FLASH held, staying at the Lua prompt"
    expect((await flashing).files.map((f) => f.name)).toEqual(["x.lua"]);
    expect(board.flash.exists("x.lc")).toBe(true);
  });

  it("uploads hostile contents byte for byte without running them", async () => {
    board = await NodeMcuEmulator.create({ files: {} });
    const hostile = new Uint8Array(Buffer.concat([
      Buffer.from('")_G.PWNED=1 node.restart()--]]\n> =os\r\n_SL=nil\n', "latin1"),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)), // every byte value, NUL and 0xFF included
    ]));
    const result = await flashFiles(openEmulatorLink(board), { "data.bin": hostile, "x.lua": 'PWNED=2 print("hi")' }, { restart: false });
    expect(result.files.map((f) => [f.name, f.compiled])).toEqual([["data.bin", false], ["x.lua", true]]);
    expect(Buffer.from(board.flash.read("data.bin")!).equals(Buffer.from(hostile))).toBe(true);
    expect(result.files[0].checksum).toEqual(checksum(hostile));
    expect(await board.evaluate("return tostring(PWNED) .. ' ' .. tostring(_SL)")).toBe("nil nil");
    expect(board.panics).toEqual([]);
    expect(board.flash.exists("x.lc")).toBe(true); // compiled, not run
  }, 30_000);

  it.each([{ compile: true }, { compile: false }])("refuses x.lua together with x.lc before typing anything (%j)", async (options) => {
    board = await NodeMcuEmulator.create({ files: {} });
    const before = board.output.bytesWritten;
    const flashing = flashFiles(openEmulatorLink(board), { "x.lua": "x=1", "x.lc": "\x1bLua", "y.lua": "y=1" }, options);
    await expect(flashing).rejects.toMatchObject({ code: "conflicting-names", file: "x.lc" });
    await expect(flashing).rejects.toThrow(/x\.lua and x\.lc are both given/);
    await board.settle();
    expect(board.output.bytesWritten).toBe(before);
    expect(board.flash.list()).toEqual([]);
  });

  it.each([
    ['a");node.restart()--'],
    ["two\nlines"],
    ["../escape.lua"],
    ["/absolute.lua"],
    ["with space.lua"],
    ["a".repeat(32)],
    [""],
  ])("refuses the file name %j before typing anything", async (name) => {
    board = await NodeMcuEmulator.create({ files: {} });
    const before = board.output.bytesWritten;
    const flashing = flashFiles(openEmulatorLink(board), { "ok.lua": "x=1", [name]: "x=1" });
    await expect(flashing).rejects.toThrow(FlashError);
    await expect(flashing).rejects.toMatchObject({ code: "bad-name", file: name });
    await board.settle();
    expect(board.output.bytesWritten).toBe(before); // nothing was typed: no echo
    expect(board.flash.list()).toEqual([]);
  });
});
