/** The benchmark's view of wasmoon (Lua 5.4 in WebAssembly), through src/host/lua-vm.ts. */
import { createLuaVm } from "../src/host/lua-vm.ts";
import { type ByteCheck, type First, type LuaInspection, codeUnits, fromInspection, isPayload, payloadBytes, payloadString } from "./binary.ts";
import { type InProcessLua, benchModules, prepareChunk } from "./in-process-lua.ts";
import type { Subject } from "./timing.ts";

interface LuaBytes {
  inspect(s: unknown, first: First): LuaInspection;
  bytes(first: First): string;
}

export async function openWasmoon(): Promise<InProcessLua> {
  const vm = await createLuaVm(benchModules());
  const version = (await vm.doString("return _VERSION")) as string;
  const lua = (await vm.doString('return require("bench_bytes")')) as LuaBytes;
  const back = (first: First): ByteCheck => {
    const s = lua.bytes(first);
    return { vm: "wasmoon", direction: "lua -> js", first, passedAs: "string", arrivesAs: typeof s, length: s.length, intact: isPayload(codeUnits(s), first) };
  };
  return {
    name: "wasmoon",
    version,
    // wasmoon hands the Lua table back as a JS object whose functions call into Lua.
    subject: (kind, w) => vm.doStringSync(prepareChunk(kind, w)) as Subject,
    byteChecks: () => [
      ...([0, 1] as const).map((first) => fromInspection("wasmoon", first, "string", lua.inspect(payloadString(first), first))),
      fromInspection("wasmoon", 0, "Uint8Array", lua.inspect(payloadBytes(0), 0)),
      back(0),
      back(1),
    ],
    close: () => vm.global.close(),
  };
}
