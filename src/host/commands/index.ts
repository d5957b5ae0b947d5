/**
 * The CLI's commands. Each command module exports a `Command`; add new ones to COMMANDS.
 * `run` returns the line the CLI prints on success and throws on failure (see cli.ts).
 */
import { simulateCommand } from "./simulate.ts";
import { runCommand } from "./run.ts";
import { tutorialCommand } from "./tutorial.ts";
import { emulateCommand } from "./emulate.ts";
import { flashCommand } from "./flash.ts";
import { portsCommand } from "./ports.ts";
import { scopeCommand } from "./scope.ts";

export interface Command {
  name: string;
  /** One usage line per form of the command. */
  usage: string[];
  summary: string;
  run: (argv: string[]) => Promise<string>;
}

export const COMMANDS: Command[] = [simulateCommand, runCommand, tutorialCommand, emulateCommand, flashCommand, portsCommand, scopeCommand];
