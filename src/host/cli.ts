#!/usr/bin/env node
/** The `spikeloop` command line. Library code never prints; this file does. */
import { COMMANDS } from "./commands/index.ts";
import { UsageError } from "./commands/usage.ts";
import { describeFailure } from "./commands/failures.ts";
import { ConfigError, InputError, NetworkConfigError } from "./errors.ts";

const HELP = `spikeloop: snnTorch's spiking neurons on a NodeMCU board, or its emulator

${COMMANDS.map((c) => `  ${c.name}: ${c.summary}\n${c.usage.map((u) => `    ${u}`).join("\n")}`).join("\n")}
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`spikeloop: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    const summary = await command.run(rest);
    process.stdout.write(`${summary}\n`);
    return 0;
  } catch (err) {
    const failure = describeFailure(err);
    if (failure !== undefined) {
      process.stderr.write(`spikeloop ${name}: ${failure.message}\n`);
      return failure.exitCode;
    }
    process.stderr.write(`spikeloop ${name}: ${describe(err)}\n`);
    return err instanceof UsageError || err instanceof ConfigError || err instanceof InputError ? 2 : 1;
  }
}

function describe(err: unknown): string {
  if (err instanceof UsageError) return `${err.message}\nusage: ${err.usage}`;
  if (err instanceof NetworkConfigError) return `invalid network: ${err.message}`;
  if (err instanceof ConfigError) return `invalid layer config: ${err.message}`;
  if (err instanceof InputError) return `invalid input: ${err.message}`;
  if (err instanceof Error && "code" in err && err.code === "ENOENT") return err.message;
  return err instanceof Error ? err.message : String(err);
}

process.exitCode = await main(process.argv.slice(2));
