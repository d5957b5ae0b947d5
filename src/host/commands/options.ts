/**
 * The command line of each command, read strictly: every misuse (an unknown option, a missing
 * value, a stray argument, a number out of range, an output that cannot be written, an input
 * file that is not there) is a UsageError, which the CLI prints with the usage line and exit 2,
 * before anything runs.
 */
import { statSync } from "node:fs";
import { dirname, extname } from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "./usage.ts";

/** The options of a command, as parseArgs takes them. */
type OptionsConfig = Record<string, { type: "string" | "boolean"; default?: string | boolean }>;

/** The values parseArgs returns for `T` (strings and booleans, undefined when not given). */
type ParsedValues<T extends OptionsConfig> = {
  [K in keyof T]?: T[K]["type"] extends "boolean" ? boolean : string;
};

/** parseArgs in strict mode, its errors (codes ERR_PARSE_ARGS_*) turned into UsageErrors. */
export function parseCommandLine<const T extends OptionsConfig>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as ParsedValues<T>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code?.startsWith("ERR_PARSE_ARGS") !== true) throw error;
    const message = (error as Error).message;
    // parseArgs' wording for `--steps -5`: a value starting with "-" reads as another option.
    const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(message);
    if (ambiguous !== null) throw new UsageError(`${ambiguous[1]} needs a value, and a value cannot start with "-" (a negative number is not allowed)`, usage);
    throw new UsageError(message.split("\n")[0].replace(/\. To specify a positional argument.*$/, ""), usage);
  }
}

/** `--name` as a whole number of at least `min`. */
export function wholeOption(name: string, text: string, min: number, usage: string): number {
  const x = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(x) || x < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got "${text}"`, usage);
  return x;
}

/** What the file system says about `path`: a file, a folder, or nothing there. */
function kindOf(path: string): "file" | "folder" | "missing" {
  try {
    return statSync(path).isDirectory() ? "folder" : "file";
  } catch {
    return "missing";
  }
}

/**
 * Runs `read`, which reads the file(s) `--name <given>` names; a file that is not there, a folder or an
 * unreadable file is a UsageError naming the option, not the system's raw ENOENT text.
 */
export function readingOption<T>(name: string, given: string, usage: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const { code, path = given } = error as NodeJS.ErrnoException;
    const problem =
      code === "ENOENT" ? `there is no file ${path}` : code === "EISDIR" ? `${path} is a folder, not a file` : code === "EACCES" ? `no permission to read ${path}` : undefined;
    if (problem === undefined) throw error;
    throw new UsageError(`--${name}: ${problem}`, usage);
  }
}

/** An output file given as `--name`: its folder must exist, and it must not be a folder itself. */
export function checkOutputFile(name: string, path: string, usage: string): void {
  if (kindOf(path) === "folder") throw new UsageError(`--${name}: ${path} is a folder; give a file name`, usage);
  const folder = dirname(path);
  const kind = kindOf(folder);
  if (kind !== "folder") throw new UsageError(`--${name}: the folder ${folder} ${kind === "missing" ? "does not exist" : "is a file"}`, usage);
}

/** A folder given as `--name`: not a file; it must exist when `mustExist` (else it is made). */
export function checkFolderOption(name: string, path: string, mustExist: boolean, usage: string): void {
  const kind = kindOf(path);
  if (kind === "file") throw new UsageError(`--${name}: ${path} is a file, not a folder`, usage);
  if (kind === "missing" && mustExist) throw new UsageError(`--${name}: there is no folder ${path}`, usage);
}

/** The figure formats `--plot` writes: both, whichever of the two names is given. */
export const PLOT_FORMATS = [".svg", ".html"];

/** `--plot`'s path without its extension; refuses a format it cannot write (e.g. .png). */
export function plotBase(path: string, usage: string): string {
  const ext = extname(path).toLowerCase();
  if (ext !== "" && !PLOT_FORMATS.includes(ext)) {
    throw new UsageError(`--plot: cannot write ${ext} figures; it writes ${PLOT_FORMATS.join(" and ")} (both, side by side), e.g. --plot run.svg`, usage);
  }
  const base = path.slice(0, path.length - ext.length);
  for (const format of PLOT_FORMATS) checkOutputFile("plot", base + format, usage);
  return base;
}
