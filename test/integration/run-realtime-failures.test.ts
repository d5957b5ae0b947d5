/**
 * A realtime run that cannot go on says why: a board that reboots mid-run is reported as a reset
 * (not as a step whose report never came), and the stdio firmware, which has no timer, is refused
 * before anything starts, naming what would run it.
 */
import { describe, expect, it } from "vitest";
import { Device } from "../../src/host/client/device.ts";
import { spawnStdioFirmware } from "../../src/host/client/process-link.ts";
import { RunError } from "../../src/host/runner/errors.ts";
import { runRealtime } from "../../src/host/runner/realtime.ts";
import { openRunTarget } from "../../src/host/runner/target.ts";

const LAYER = { model: "Leaky", neurons: 1, beta: 0.9, threshold: 1 };

describe("realtime runs that cannot finish", () => {
  it("reports a board reset during the run as a reset, not as a report timeout", async () => {
    const target = await openRunTarget("emulator");
    try {
      await target.device.configure(LAYER);
      let ticks = 0;
      const run = runRealtime(target.device, {
        periodMs: 10,
        steps: 50,
        inputAt: () => [0.3],
        tick: async (ms) => {
          if (++ticks === 6) await target.emulator!.reboot();
          else await target.tick!(ms);
        },
      });
      const err = await run.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RunError);
      expect((err as RunError).code).toBe("device-reset");
      expect((err as Error).message).toMatch(/the board reset during the realtime run, after 5 of 50 steps/);
    } finally {
      await target.close();
    }
  });

  it("refuses the stdio firmware, which has no timer, naming the emulator and a NodeMCU board", async () => {
    const device = await Device.open(await spawnStdioFirmware("lua5.1"));
    try {
      expect(device.info.hasTimer).toBe(false);
      await device.configure(LAYER);
      const err = await runRealtime(device, { periodMs: 10, steps: 5, inputAt: () => [0.3] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RunError);
      expect((err as RunError).code).toBe("no-timer");
      expect((err as Error).message).toMatch(/spikeloop-stdio\) has no timer.*--device emulator.*NodeMCU board.*--mode lockstep/);
    } finally {
      await device.close();
    }
  });
});
