/**
 * The examples run with one command each against the emulator, and unchanged against a serial
 * path: here a pty bridged to an emulated board in this process (as a USB serial adapter would be).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NodeMcuEmulator, openEmulatorLink, startPtyBridge } from "../../src/emulator/index.ts";

const EXAMPLES = join(import.meta.dirname, "..", "..", "examples");

function runExample(file: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(EXAMPLES, file), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("examples against the emulator", () => {
  it.concurrent.each([
    ["blink-on-spike.mjs", /stopped after 1\d\d steps; the emulated LED lit [1-9]\d* times/],
    ["pot-brightness.mjs", /brightness [1-9]\d* % \(emulated D2 duty [1-9]\d*\)/],
    ["servo-rate.mjs", /µs ≈ \d+° \(emulated D6: duty \d+ at 50 Hz\)/],
    ["light-encoder.mjs", /light \d+ % → \d+ spikes → LED \d+ %/],
    ["network-pot-servo.mjs", /output spikes [1-9]\d* \(LED\) and \d+ \(servo \d+ µs\) \(emulated D2 o[nf]+, D6 duty \d+ at 50 Hz\)/],
  ])("%s --steps 100 exits 0", async (file, expected) => {
    const result = await runExample(file, ["--steps", "100"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(expected);
  });

  it("refuses an unknown argument with exit code 2", async () => {
    const result = await runExample("blink-on-spike.mjs", ["--colour", "red"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/usage:.*--device/);
  });
});

describe("examples against a serial path", () => {
  it.each([["blink-on-spike.mjs", /stopped after \d+ steps$/m], ["light-encoder.mjs", /steps 40–59: light/]])(
    "%s --device <pty> runs unchanged",
    async (file, expected) => {
      const emulator = await NodeMcuEmulator.create({ clock: "real", startup: "main" });
      const pty = await startPtyBridge(openEmulatorLink(emulator));
      const result = await runExample(file, ["--device", pty.path, "--steps", "60"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(expected);
      expect(emulator.pins.history().length).toBeGreaterThan(0); // the board behind the pty did the work
      await pty.close();
      await emulator.close();
    },
    30_000,
  );
});
