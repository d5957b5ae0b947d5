/** Reading and writing the CLI's files. */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { parseLayerConfig, type LayerSpec } from "./config.ts";
import { ConfigError } from "./errors.ts";

/** Writes beside the target and renames, so a failed write never leaves a partial file. */
export function writeFileAtomic(path: string, text: string): void {
  const partial = `${path}.partial`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Reads and validates a layer.json; a file that is not JSON is a ConfigError naming the file. */
export function readLayerConfig(path: string): LayerSpec {
  return parseLayerConfig(readJsonFile(path));
}

/** The JSON value in the file at `path` (not yet validated); a file that is not JSON is a ConfigError naming the file. */
export function readJsonFile(path: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError("invalid-json", path, `not valid JSON (${(err as Error).message})`);
  }
}
