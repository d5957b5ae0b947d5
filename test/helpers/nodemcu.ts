/**
 * NodeMCU's own Lua cores (luac.cross.51, .53, .int: NodeMCU's VM built for the host), found
 * through SPIKELOOP_NODEMCU_TOOLS (exported by .ci/run) or ../shared/tools/nodemcu beside the
 * repository. They are optional tools: a test that needs one and finds none says so loudly in the
 * test output (a warning and a test named "NOT RUN …"), never skips silently.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { it } from "vitest";

export type CoreName = "51" | "53" | "int";

function toolsDir(): string | undefined {
  const fromEnv = process.env.SPIKELOOP_NODEMCU_TOOLS;
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  const beside = resolve(import.meta.dirname, "..", "..", "..", "shared", "tools", "nodemcu");
  return existsSync(beside) ? beside : undefined;
}

export const NODEMCU_TOOLS = toolsDir();

/** The path of `luac.cross.<name>`, or undefined when it is not on this machine. */
export function nodemcuCore(name: CoreName): string | undefined {
  if (NODEMCU_TOOLS === undefined) return undefined;
  const path = join(NODEMCU_TOOLS, `luac.cross.${name}`);
  return existsSync(path) ? path : undefined;
}

/** Registers a visible "NOT RUN" entry (and a warning) for tests that need a missing core. */
export function reportNotRun(what: string, core: CoreName): void {
  const why =
    `NOT RUN: ${what} — NodeMCU's luac.cross.${core} not found ` +
    `(set SPIKELOOP_NODEMCU_TOOLS to the folder holding luac.cross.51/.53/.int, or put it at ../shared/tools/nodemcu)`;
  console.warn(`\n*** ${why} ***\n`);
  it.skip(why, () => undefined);
}
