#!/usr/bin/env node
/** The `spikeloop` command line. Library code never prints; this file does. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMANDS, type Command } from "./commands/index.ts";
import { UsageError } from "./commands/usage.ts";
import { describeFailure } from "./commands/failures.ts";
import { ConfigError, InputError, NetworkConfigError } from "./errors.ts";
import { PACKAGE_ROOT } from "../io/paths.ts";

const HELP = `spikeloop: snnTorch's spiking neurons on a NodeMCU board, or its emulator

${COMMANDS.map((c) => `  ${c.name}: ${c.summary}\n${c.usage.map((u) => `    ${u}`).join("\n")}`).join("\n")}

spikeloop <command> --help shows one command; spikeloop --version the version. docs/cli.md has more.
`;

function commandHelp(command: Command): string {
  return `${command.usage.map((u) => `usage: ${u}`).join("\n")}\n\n${command.summary}. More: docs/cli.md#${command.name}\n`;
}

function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

const isHelp = (arg: string) => arg === "--help" || arg === "-h";

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(HELP);
    return 2;
  }
  if (isHelp(name) || (name === "help" && rest.length === 0)) {
    process.stdout.write(HELP);
    return 0;
  }
  if (name === "--version" || name === "-V") {
    process.stdout.write(`spikeloop ${version()}\n`);
    return 0;
  }
  // `help <command>` is `<command> --help`.
  const commandName = name === "help" ? rest[0] : name;
  const command = COMMANDS.find((c) => c.name === commandName);
  if (command === undefined) {
    process.stderr.write(`spikeloop: unknown command "${commandName}"\n\n${HELP}`);
    return 2;
  }
  if (name === "help" || rest.some(isHelp)) {
    process.stdout.write(commandHelp(command));
    return 0;
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
    return err instanceof UsageError || err instanceof ConfigError || err instanceof InputError || isArgumentError(err) ? 2 : 1;
  }
}

/** node:util parseArgs's errors (an unknown option, a missing value): misuse, like a UsageError. */
function isArgumentError(err: unknown): boolean {
  return err instanceof Error && "code" in err && typeof err.code === "string" && err.code.startsWith("ERR_PARSE_ARGS_");
}

function describe(err: unknown): string {
  if (err instanceof UsageError) return `${err.message}\nusage: ${err.usage}\n(spikeloop ${err.usage.split(" ")[1]} --help for more)`;
  if (err instanceof NetworkConfigError) return `invalid network: ${err.message}`;
  if (err instanceof ConfigError) return `invalid layer config: ${err.message}`;
  if (err instanceof InputError) return `invalid input: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

process.exitCode = await main(process.argv.slice(2));
