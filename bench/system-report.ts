/** Formats the whole-system measurements (system.ts) as plain-text tables. */
import { HEAP_MODELS, HEAP_NEURONS } from "./heap.ts";
import type { LockstepRow } from "./lockstep-throughput.ts";
import type { Row } from "./report.ts";
import type { SystemResults } from "./system.ts";
import { formatTable } from "./table.ts";

/** The kernel-timing row of the VM each lockstep target runs the firmware in. */
const BARE_VM: Record<string, string> = { emulator: "wasmoon", "lua5.1 pty": "lua5.1" };

/** Whole and eighth bytes exactly (the minimum is n/8 for the spikes), others to two decimals. */
const bytes = (x: number) => (Number.isInteger(x * 8) ? String(x) : x.toFixed(2));
const rate = (x: number) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));

function bareStepsPerSecond(kernel: Row[], r: LockstepRow): number | undefined {
  const row = kernel.find((k) => k.name.startsWith(`${BARE_VM[r.target]} `) && k.n === r.n);
  return row === undefined ? undefined : row.rate / r.n;
}

/** End-to-end steps/s beside the bare VM's, and wire bytes per step beside the minimum. */
export function formatLockstep(rows: LockstepRow[], kernel: Row[]): string {
  return formatTable(
    ["target", "neurons", "run", "steps/s", "bare VM steps/s", "host->dev B/step", "min", "x", "dev->host B/step", "min", "x"],
    rows.map((r) => {
      const bare = bareStepsPerSecond(kernel, r);
      return [
        r.target, String(r.n), `${r.states ? "states" : "spikes"} ${r.encoding}`,
        rate(r.stepsPerSecond), bare === undefined ? "-" : rate(bare),
        bytes(r.sentPerStep), bytes(r.minimum.sent), (r.sentPerStep / r.minimum.sent).toFixed(2),
        bytes(r.receivedPerStep), bytes(r.minimum.received), (r.receivedPerStep / r.minimum.received).toFixed(2),
      ];
    }),
  );
}

export function formatHeap(s: SystemResults): string {
  const { before, used, estimate } = s.emulatorHeap;
  const interpreters = s.interpreterHeap.flatMap(({ result }) => ("missing" in result ? [] : [result]));
  const table = formatTable(
    ["model", "emulator: heap used", "free after", ...interpreters.map((i) => `${i.version}: configureLayer`)],
    HEAP_MODELS.map((m) => [m, String(used[m]), String(before - used[m]), ...interpreters.map((i) => String(i.used[m]))]),
  );
  return `${HEAP_NEURONS} neurons, bytes; the emulated board's free heap before any layer: ${before}; the runtime's estimate of a layer (config-ops.ts layerBytes): ${estimate}\n\n${table}`;
}

export function formatLatency(s: SystemResults): string {
  const l = s.latency;
  const paths = [["on-device bindings", l.onDevice], ["johnny-five", l.johnnyFive]] as const;
  const table = formatTable(
    ["path", "trials", "median ms", "p99 ms"],
    paths.map(([name, d]) => [name, String(d.samples), d.median.toFixed(2), d.p99.toFixed(2)]),
  );
  return `step period ${l.periodMs} ms\n\n${table}`;
}

/** Every whole-system section, as `npm run bench` prints it after the kernel tables. */
export function formatSystemReport(s: SystemResults, kernel: Row[]): string {
  const parts = [
    "lockstep through the host client `Device` (Leaky, float64), end to end; bare VM: the kernel row of the same VM above, per step; x: measured / minimum\n",
    formatLockstep(s.lockstep, kernel),
    "\nheap of a layer\n",
    formatHeap(s),
    "\nsensor-to-actuator latency on the emulated board behind a pty (bench/latency.ts)\n",
    formatLatency(s),
    ...s.notes.map((note) => `\nnote: ${note}`),
  ];
  if (s.failures.length > 0) parts.push(`\nCHECK FAILED: these lockstep runs returned something other than the device code's simulate:\n  ${s.failures.join("\n  ")}`);
  else parts.push("\ncheck: every f64 lockstep run returned the spikes (and membranes) of the device code's simulate, bit for bit");
  return parts.join("\n");
}
