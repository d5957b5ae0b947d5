/**
 * spikeloop/testing's faultyLink: seeded, counted damage; and what it shows of the streaming
 * protocol on the real firmware (lua5.1): resending rides out a noisy line with the fault-free
 * trace, the pipelined mode fails clearly, and neither returns a wrong trace.
 */
import { describe, expect, it } from "vitest";
import type { Trace } from "../../src/host/backends/backend.ts";
import { Device } from "../../src/host/client/device.ts";
import { spawnStdioFirmware } from "../../src/host/client/process-link.ts";
import type { Link } from "../../src/io/link.ts";
import { faultyLink } from "../../src/testing/index.ts";

/** A Link that records what is written and answers nothing. */
function sink(): Link & { written: number[] } {
  const written: number[] = [];
  return {
    path: "sink", written,
    read: () => new Promise(() => undefined),
    write: async (d) => void written.push(...d),
    close: async () => undefined,
  };
}

const CURRENTS = { steps: 300, channels: 8, values: Float64Array.from({ length: 2400 }, (_, k) => ((k * 7919) % 1000) / 2500) };
const LEAKY = { model: "Leaky", neurons: 8, beta: 0.9, threshold: 1 };

describe("faultyLink", () => {
  it("damages about `rate` of the bytes, the same way for the same seed", async () => {
    const runs = [1, 1, 2].map(async (seed) => {
      const inner = sink();
      const link = faultyLink(inner, { rate: 0.05, seed });
      await link.write(new Uint8Array(10_000).fill(0x55));
      return { written: inner.written, faults: link.faults.toDevice };
    });
    const [a, b, c] = await Promise.all(runs);
    expect(a.written).toEqual(b.written);
    expect(a.written).not.toEqual(c.written);
    const total = a.faults.flip + a.faults.drop + a.faults.duplicate;
    expect(total).toBeGreaterThan(400);
    expect(total).toBeLessThan(600);
    expect(a.written.length).toBe(10_000 - a.faults.drop + a.faults.duplicate);
    expect(() => faultyLink(sink(), { rate: 2 })).toThrow(RangeError);
  });

  it("at 0.1% both ways: resending returns the fault-free trace, pipelining fails clearly", async () => {
    const outcomes: ("same" | "failed" | "wrong")[] = [];
    let expected: Trace | undefined;
    for (const retries of [40, 40, 0]) {
      for (let seed = 1; seed <= 2; seed++) {
        const link = faultyLink(await spawnStdioFirmware("lua5.1"), { rate: 0.001, seed: seed * 31 + retries });
        link.enabled = false;
        const device = await Device.open(link, { timeouts: { reply: 200 } });
        await device.configure(LEAKY);
        expected ??= await device.run(CURRENTS, { states: true });
        await device.resetState();
        link.enabled = true;
        try {
          const trace = await device.run(CURRENTS, { states: true, retries });
          outcomes.push(trace.values.every((x, j) => Object.is(x, expected!.values[j])) ? "same" : "wrong");
        } catch {
          outcomes.push("failed");
        }
        await device.close().catch(() => undefined);
      }
    }
    expect(outcomes.slice(0, 4)).toEqual(["same", "same", "same", "same"]);
    expect(outcomes.slice(4)).toEqual(["failed", "failed"]);
  }, 60_000);
});
