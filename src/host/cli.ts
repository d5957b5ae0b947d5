#!/usr/bin/env node
/** The `spikeloop` command line. Library code never prints; this file does. */
import { simulateCommand, SIMULATE_USAGE } from "./commands/simulate.ts";
import { UsageError } from "./commands/usage.ts";
import { ConfigError, InputError } from "./errors.ts";

const COMMANDS: Record<string, (argv: string[]) => Promise<string>> = {
  simulate: simulateCommand,
};

const HELP = `spikeloop: snnTorch's spiking neurons on a NodeMCU board, or its emulator

usage:
  ${SIMULATE_USAGE}
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    process.stderr.write(`spikeloop: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  try {
    const summary = await run(rest);
    process.stdout.write(`${summary}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`spikeloop ${command}: ${describe(err)}\n`);
    return err instanceof UsageError || err instanceof ConfigError || err instanceof InputError ? 2 : 1;
  }
}

function describe(err: unknown): string {
  if (err instanceof UsageError) return `${err.message}\nusage: ${err.usage}`;
  if (err instanceof ConfigError) return `invalid layer config: ${err.message}`;
  if (err instanceof InputError) return `invalid input: ${err.message}`;
  if (err instanceof Error && "code" in err && err.code === "ENOENT") return err.message;
  return err instanceof Error ? err.message : String(err);
}

process.exitCode = await main(process.argv.slice(2));
