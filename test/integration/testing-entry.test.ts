/**
 * `spikeloop/testing` as a user meets it: docs/testing.md's example, copied into a fresh
 * project whose node_modules/spikeloop is this package (built), type-checked with tsc against
 * the published types and run by vitest in a child process through the package's "exports".
 * Plus the rig's own controls, in-process.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type EmulatedDevice, startEmulatedDevice } from "../../src/testing/index.ts";

const ROOT = join(import.meta.dirname, "..", "..");

function docExample(): string {
  const doc = readFileSync(join(ROOT, "docs", "testing.md"), "utf8");
  const block = /## Example[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc);
  if (block === null) throw new Error("docs/testing.md has no ```ts block under ## Example");
  return block[1];
}

/** A user's project: package.json, the example as neuron.test.ts, spikeloop and vitest installed. */
function userProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "spikeloop-user-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "user-project", private: true, type: "module" }));
  writeFileSync(join(dir, "neuron.test.ts"), docExample());
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { target: "es2022", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"] },
    include: ["*.ts"],
  }));
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(ROOT, join(dir, "node_modules", "spikeloop"));
  symlinkSync(join(ROOT, "node_modules", "vitest"), join(dir, "node_modules", "vitest"));
  symlinkSync(join(ROOT, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"));
  return dir;
}

describe("spikeloop/testing", () => {
  it("docs/testing.md's example type-checks and passes in a user's project", () => {
    const dir = userProject();
    const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
    const run = spawnSync(process.execPath, [join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--root", dir], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(run.stdout).toMatch(/Tests\s+2 passed \(2\)/);
    expect(run.status).toBe(0);
  }, 90_000);

  describe("the rig, in-process", () => {
    let rig: EmulatedDevice | undefined;
    afterEach(async () => {
      await rig?.close();
      rig = undefined;
    });

    it("reads scripted analog samples at the board's time, and records pin writes", async () => {
      rig = await startEmulatedDevice();
      expect(rig.nowMs).toBe(3000);
      rig.setAnalogInput([100, 200, 300]); // one per ms from now; the last holds
      expect(await rig.readAnalog()).toBe(100);
      await rig.advance(1);
      expect(await rig.readAnalog()).toBe(200);
      await rig.advance(10);
      expect(await rig.readAnalog()).toBe(300);
      await rig.digitalWrite(2, 1);
      expect(rig.pinHistory(2)).toEqual([{ timeUs: 3_011_000, pin: 2, kind: "gpio", value: 1 }]);
      expect(rig.board.panics).toEqual([]);
    });

    it("collects realtime spikes per neuron, and nothing moves until advance", async () => {
      rig = await startEmulatedDevice();
      await rig.device.configure({ model: "Leaky", neurons: 2, beta: 0.5, threshold: 1 });
      await rig.device.start({ periodMs: 5 });
      await rig.device.setInputs([0.9, 0]);
      expect(rig.spikes).toEqual([]);
      await rig.advance(30); // 6 steps
      expect(await rig.device.stop()).toBe(6);
      expect(rig.spikeSteps(0)).toEqual([1, 3, 5]); // 0.9, 1.35, 0.575, 1.1875, 0.49375, 1.146875
      expect(rig.spikeSteps(1)).toEqual([]);
    });
  });
});
