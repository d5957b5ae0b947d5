/**
 * LFS end to end: `spikeloop flash --lfs` builds the image with NodeMCU's real luac.cross, checks
 * it against the board's LFS region, uploads it over a pty to the emulated ESP8266's prompt,
 * node.LFS.reload flashes it, and the board boots spikeloop from LFS with its 44 KiB heap. Then the
 * boards without LFS: an ESP8266 fails at boot saying to flash with --lfs, an ESP32 runs from its
 * file system. Without luac.cross the flash tests say NOT RUN.
 */
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { NodeMcuEmulator, type PtyBridge, openEmulatorLink, startPtyBridge } from "../../src/emulator/index.ts";
import { boardFiles } from "../../src/host/flash/index.ts";
import { runsTheFirmware } from "../helpers/board-runs.ts";
import { CLI, runCli } from "../helpers/cli.ts";
import { nodemcuCore, reportNotRun } from "../helpers/nodemcu.ts";

const LFS_LIMIT = 128 * 1024;

let board: NodeMcuEmulator | undefined;
let bridge: PtyBridge | undefined;
afterEach(async () => {
  await bridge?.close();
  await board?.close();
  board = bridge = undefined;
});


describe("spikeloop flash --lfs", () => {
  const luacCross = nodemcuCore("51");
  if (luacCross === undefined) {
    reportNotRun("flash --lfs with NodeMCU's luac.cross against the emulated prompt", "51");
  } else {
    it("builds an image of at most 128 KB, uploads it to an ESP8266's prompt, reloads LFS, and the board runs spikeloop from it", async () => {
      // A fresh ESP8266 with NodeMCU's 44 KiB heap and an empty 128 KiB LFS region, at the prompt.
      board = await NodeMcuEmulator.create({ files: {}, lfs: false, lfsBytes: LFS_LIMIT });
      bridge = await startPtyBridge(openEmulatorLink(board));
      const result = await runCli(["flash", "--port", bridge.path, "--lfs", "--luac-cross", luacCross]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const said = /LFS image of (\d+) modules, (\d+) bytes in the board's (\d+)-byte LFS region/.exec(result.stdout);
      expect(said, result.stdout).not.toBeNull();
      const [, modules, imageBytes, region] = said!.map(Number);
      expect(region).toBe(LFS_LIMIT);
      expect(imageBytes).toBeLessThanOrEqual(LFS_LIMIT);
      // The image holds the board's modules, each named by its file name alone.
      const expected = Object.keys(boardFiles()).filter((n) => n !== "init.lua").map((n) => n.replace(/^.*\//, "").replace(/\.lua$/, "")).sort();
      expect(board.lfs.names()).toEqual(expected);
      expect(modules).toBe(expected.length);
      expect(board.lfs.names()).toContain("parser"); // wire/parser.lua
      expect(board.flash.list().map(([name]) => name)).toEqual(["init.lua", "lfs.img"]);
      await bridge.close();
      bridge = undefined;
      // node.LFS.reload restarted the board: init.lua starts spikeloop from LFS 3 s later.
      await board.advance(3000);
      const heap = await runsTheFirmware(board);
      expect(heap).toBeGreaterThan(20_000); // the code is in flash: the heap holds only data
      expect(board.panics).toEqual([]);
    }, 120_000);

    it("refuses an image larger than the board's LFS region before uploading anything", async () => {
      board = await NodeMcuEmulator.create({ files: {}, lfs: false, lfsBytes: 16 * 1024 });
      bridge = await startPtyBridge(openEmulatorLink(board));
      const result = await runCli(["flash", "--port", bridge.path, "--lfs", "--luac-cross", luacCross]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/the LFS image needs \d+ bytes, the board's LFS region holds 16384/);
      expect(board.flash.list()).toEqual([]);
    }, 60_000);
  }

  it("without luac.cross says how to get one, and opens no port", () => {
    const env = { ...process.env, PATH: "/usr/bin:/bin", SPIKELOOP_NODEMCU_TOOLS: "", SPIKELOOP_LUAC_CROSS: "" };
    const result = spawnSync(process.execPath, [CLI, "flash", "--port", "/dev/no-such-port", "--lfs"], { encoding: "utf8", env });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no luac.cross found\. luac.cross is built with NodeMCU's firmware .* NodeMCU's Docker builder/);
    expect(result.stderr).not.toMatch(/no-such-port/);
  });
});

describe("boards without LFS", () => {
  it("an ESP8266 running the firmware from its file system fails at boot, saying to flash with --lfs", async () => {
    board = await NodeMcuEmulator.create({ lfs: false, startup: "main" });
    const text = board.output.text();
    expect(text).toContain("spikeloop: cannot load the firmware");
    expect(text).toContain("not enough memory");
    expect(text).toContain("flash it with `spikeloop flash --lfs`");
  });

  it("`spikeloop emulate --no-lfs` fails the same way; with LFS (the default) the same ESP8266 runs", async () => {
    const failed = await runCli(["emulate", "--no-lfs"]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/the emulated esp8266 did not start the firmware:\nspikeloop: cannot load the firmware: [\s\S]*not enough memory/);
    expect(failed.stderr).toContain("flash it with `spikeloop flash --lfs`");
    board = await NodeMcuEmulator.create();
    await runsTheFirmware(board);
  }, 60_000);

  it("an ESP32 (320 KiB) runs the firmware from its file system", async () => {
    board = await NodeMcuEmulator.create({ lfs: false, heapBytes: 320 * 1024 });
    expect(board.lfs.names()).toEqual([]);
    const heap = await runsTheFirmware(board);
    expect(heap).toBeLessThan(320 * 1024 - 50_000); // the code itself takes heap here
  });
});
