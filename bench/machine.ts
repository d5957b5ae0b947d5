/** The machine the numbers were measured on, for the report's header. */
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    return line?.split(":")[1]?.trim() ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** With the 1-minute load average: other work on the machine makes absolute rates noisier. */
export function machineSummary(): string {
  const load = loadavg()[0].toFixed(2);
  return `machine: ${availableParallelism()} CPUs (nproc), ${cpuModel()}, node ${process.version}, load average ${load}`;
}
