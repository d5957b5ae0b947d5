// The build's NodeMCU gate (tools/build.mjs): every Lua file that goes on a board must load on
// NodeMCU's Lua, and LFS must be able to hold them side by side.
//   1. tools/nodemcu-limits.mjs on every file (no NodeMCU tools needed);
//   2. module names unique without folders: an LFS image names a module after its file name, so
//      wire/frame.lua and frame.lua would collide (luac.cross does not complain);
//   3. when NodeMCU's luac.cross is found (SPIKELOOP_NODEMCU_TOOLS, ../shared/tools/nodemcu
//      beside the repository, or luac.cross on the PATH), `luac.cross -p` on every file, with
//      each core found (.51 and .53).
// Any failure names the file and line and fails the build.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, delimiter, dirname, join, relative, resolve } from "node:path";
import { checkNodeMcuLimits, LimitError } from "./nodemcu-limits.mjs";

export class NodeMcuCheckError extends Error {}

/** Every .lua file under `dir`, sorted. */
export function luaFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(".lua"))
    .sort()
    .map((f) => join(dir, f));
}

/** NodeMCU's luac.cross binaries on this machine: [{ name, path }] (may be empty). */
export function findLuacCross(root) {
  const found = [];
  const envDir = process.env.SPIKELOOP_NODEMCU_TOOLS;
  const dirs = [envDir ? resolve(envDir) : undefined, resolve(root, "..", "shared", "tools", "nodemcu")];
  for (const dir of dirs) {
    if (dir === undefined) continue;
    for (const core of ["51", "53"]) {
      const path = join(dir, `luac.cross.${core}`);
      if (existsSync(path)) found.push({ name: `luac.cross.${core}`, path });
    }
    if (found.length > 0) return found;
  }
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const path = join(dir, "luac.cross");
    if (dir !== "" && existsSync(path)) return [{ name: "luac.cross", path }];
  }
  return found;
}

/** Files whose names collide once folders are dropped (LFS module names). */
export function lfsNameClashes(files) {
  const byName = new Map();
  for (const file of files) {
    const name = basename(file, ".lua");
    byName.set(name, [...(byName.get(name) ?? []), file]);
  }
  return [...byName.entries()].filter(([, paths]) => paths.length > 1);
}

/**
 * Checks `boardFiles` (the firmware a board loads) and `hostFiles` (adapters run by NodeMCU's
 * cores on the host: limits only). Returns a one-line summary; throws NodeMcuCheckError.
 */
export function checkNodeMcuFirmware({ root, boardFiles, hostFiles = [] }) {
  const problems = [];
  const show = (file) => relative(root, file);
  for (const [files, board] of [[boardFiles, true], [hostFiles, false]]) {
    for (const file of files) {
      try {
        checkNodeMcuLimits(readFileSync(file, "utf8"), show(file), { board });
      } catch (err) {
        if (!(err instanceof LimitError)) throw err;
        problems.push(err.message);
      }
    }
  }
  for (const [name, paths] of lfsNameClashes(boardFiles)) {
    problems.push(`${paths.map(show).join(", ")}: module name "${name}" used twice; LFS names modules by file name alone`);
  }
  const cores = findLuacCross(root);
  for (const core of cores) {
    for (const file of [...boardFiles, ...hostFiles]) {
      try {
        execFileSync(core.path, ["-p", basename(file)], { cwd: dirname(file), stdio: ["ignore", "pipe", "pipe"] });
      } catch (err) {
        const said = String(err.stderr ?? err.message).trim().replace(/^.*?luac\.cross[^:]*: /, "");
        problems.push(`${show(file)}: ${core.name} -p refuses it: ${said}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new NodeMcuCheckError(`the firmware breaks NodeMCU's limits:\n  ${problems.join("\n  ")}`);
  }
  const withCores = cores.length > 0 ? `, and ${cores.map((c) => `${c.name} -p`).join(" and ")} accept them` : " (luac.cross not found: its -p check did not run)";
  return `NodeMCU check: ${boardFiles.length + hostFiles.length} Lua files within NodeMCU's limits${withCores}`;
}
