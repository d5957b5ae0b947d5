/**
 * Int layers against snnTorch's float64 golden traces: the same spikes at the same steps on
 * every case (the Tutorial 2 Lapicque experiments included), and every state within the bound
 * docs/integer-mode.md states, whose table is what `npm run report:int` writes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type AccuracyRow, accuracyRows, STATE_ERROR_BOUND } from "../../bench/integer-accuracy.ts";
import { accuracySection, DOC_PATH } from "../../bench/integer-report.ts";

describe("int layers against snnTorch float64", () => {
  let rows: AccuracyRow[];
  beforeAll(async () => {
    rows = await accuracyRows();
  });

  it("cover every float64 golden neuron case, all six models", () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set(["Lapicque", "Leaky", "Synaptic", "Alpha", "RLeaky", "RSynaptic"]));
  });

  it("keep the Tutorial 2 cases' spike timing", () => {
    const t2 = rows.filter((r) => r.name.startsWith("t2_lapicque_"));
    expect(t2.length).toBeGreaterThanOrEqual(10);
    expect(t2.reduce((sum, r) => sum + r.goldenSpikes, 0)).toBeGreaterThan(200);
    for (const r of t2) expect({ case: r.name, mismatches: r.spikeMismatches }).toEqual({ case: r.name, mismatches: 0 });
  });

  it("spike at snnTorch's steps and stay within the error bound on every case", () => {
    for (const r of rows) {
      expect(r.spikeMismatches, r.name).toBe(0);
      expect(r.intSpikes, r.name).toBe(r.goldenSpikes);
      expect(r.maxStateError, r.name).toBeLessThanOrEqual(STATE_ERROR_BOUND);
    }
  });

  it("are reported in docs/integer-mode.md as the report script writes them", () => {
    expect(readFileSync(DOC_PATH, "utf8")).toContain(accuracySection(rows));
  });
});

describe("docs/integer-mode.md", () => {
  it("exists beside the other docs", () => {
    expect(DOC_PATH).toBe(join(import.meta.dirname, "..", "..", "docs", "integer-mode.md"));
  });
});
