/**
 * One boot's Lua VM (wasmoon, Lua 5.4) with the emulated NodeMCU modules installed as globals:
 * uart, tmr, gpio, pwm, adc, node, file, plus print, dofile, loadfile and require reading the
 * flash. The modules are Lua (src/emulator/lua/); they reach the emulated hardware through the
 * `BoardHost` hooks. Binary data crosses the JS/Lua boundary as hex (wasmoon mangles non-UTF-8
 * strings).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LuaEngine, LuaFactory } from "wasmoon";
import { EMULATOR_LUA_DIR } from "../io/paths.ts";

/** The emulated hardware, as the Lua modules call it. */
export interface BoardHost {
  uartSetup(id: number, baud: number, echo: boolean | undefined): void;
  uartOn(dataLen: number, endChar: number, runInput: boolean, hasCallback: boolean): void;
  uartWrite(id: number, bytes: Uint8Array): void;
  /** tmr.now(): the 31-bit µs counter. */
  micros(): number;
  uptimeSeconds(): number;
  delay(us: number): void;
  timerArm(id: number, intervalMs: number, repeat: boolean): void;
  timerDisarm(id: number): void;
  gpioMode(pin: number, mode: number, pullup: boolean): void;
  gpioWrite(pin: number, level: number): void;
  gpioRead(pin: number): number;
  pwmSetup(pin: number, clock: number, duty: number): number;
  pwmClose(pin: number): void;
  pwmStart(pin: number): boolean;
  pwmStop(pin: number): void;
  pwmSetClock(pin: number, clock: number): number;
  pwmGetClock(pin: number): number;
  pwmSetDuty(pin: number, duty: number): number;
  pwmGetDuty(pin: number): number;
  adcRead(): number;
  restart(): void;
  fsRead(name: string): Uint8Array | undefined;
  fsWrite(name: string, bytes: Uint8Array): boolean;
  fsExists(name: string): boolean;
  fsRemove(name: string): void;
  fsRename(from: string, to: string): boolean;
  fsList(): Array<[string, number]>;
  fsUsed(): number;
  fsTotal(): number;
  /** A flash file was loaded as Lua (dofile, loadfile, require). */
  fileLoaded(name: string): void;
  /** node.LFS.reload(file): the error NodeMCU would return, or undefined (the board then restarts). */
  lfsReload(file: string): string | undefined;
  lfsNames(): string[];
  lfsSource(name: string): Uint8Array | undefined;
  lfsSize(): number;
}

export interface BoardConfig {
  /** Free heap at boot, bytes. */
  heapBytes: number;
  chipId: number;
  /**
   * Count the Lua VM instructions of every call into the board (a board profile charges them,
   * board-time.ts): a count hook fires every this many instructions; 0 counts nothing.
   */
  countEvery: number;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "hex"));

function hooks(host: BoardHost): Record<string, (...args: never[]) => unknown> {
  return {
    uart_setup: (id: number, baud: number, echo: number) => host.uartSetup(id, baud, echo < 0 ? undefined : echo === 1),
    uart_on: (n: number, end: number, run: boolean, cb: boolean) => host.uartOn(n, end, run, cb),
    uart_write: (id: number, data: string) => host.uartWrite(id, unhex(data)),
    micros: () => host.micros(),
    uptime_s: () => host.uptimeSeconds(),
    delay: (us: number) => host.delay(us),
    tmr_arm: (id: number, ms: number, repeat: boolean) => host.timerArm(id, ms, repeat),
    tmr_disarm: (id: number) => host.timerDisarm(id),
    gpio_mode: (pin: number, mode: number, pullup: number) => host.gpioMode(pin, mode, pullup === 1),
    gpio_write: (pin: number, level: number) => host.gpioWrite(pin, level),
    gpio_read: (pin: number) => host.gpioRead(pin),
    pwm_setup: (pin: number, clock: number, duty: number) => host.pwmSetup(pin, clock, duty),
    pwm_close: (pin: number) => host.pwmClose(pin),
    pwm_start: (pin: number) => host.pwmStart(pin),
    pwm_stop: (pin: number) => host.pwmStop(pin),
    pwm_setclock: (pin: number, clock: number) => host.pwmSetClock(pin, clock),
    pwm_getclock: (pin: number) => host.pwmGetClock(pin),
    pwm_setduty: (pin: number, duty: number) => host.pwmSetDuty(pin, duty),
    pwm_getduty: (pin: number) => host.pwmGetDuty(pin),
    adc_read: () => host.adcRead(),
    restart: () => host.restart(),
    fs_read: (name: string) => {
      const data = host.fsRead(name);
      return data === undefined ? undefined : hex(data);
    },
    fs_write: (name: string, data: string) => host.fsWrite(name, unhex(data)),
    fs_exists: (name: string) => host.fsExists(name),
    fs_remove: (name: string) => host.fsRemove(name),
    fs_rename: (from: string, to: string) => host.fsRename(from, to),
    fs_list: () => host.fsList().map(([name, size]) => `${name}\t${size}\n`).join(""),
    fs_info: () => `${host.fsUsed()} ${host.fsTotal()}`,
    fs_loaded: (name: string) => host.fileLoaded(name),
    lfs_reload: (file: string) => host.lfsReload(file),
    lfs_names: () => host.lfsNames().join(","),
    lfs_source: (name: string) => {
      const data = host.lfsSource(name);
      return data === undefined ? undefined : hex(data);
    },
    lfs_size: () => host.lfsSize(),
  };
}

/** The shim's files, in load order, with the global each one's result is installed as. */
const MODULES: Array<[file: string, globals: string[]]> = [
  ["loader.lua", []],
  ["repl.lua", []],
  ["uart.lua", ["uart"]],
  ["tmr.lua", ["tmr"]],
  ["gpio.lua", ["gpio", "pwm", "adc"]],
  ["node.lua", ["node"]],
  ["bit.lua", ["bit"]],
  ["file.lua", ["file"]],
];

const ENTRIES = ["run", "evaluate", "uart_data", "repl_line", "timer", "mark_heap", "executed"] as const;
type Entry = (typeof ENTRIES)[number];
type LuaFunction = (...args: unknown[]) => unknown;

function source(file: string): string {
  return readFileSync(join(EMULATOR_LUA_DIR, file), "utf8");
}

function bootstrap(hookNames: string[], config: BoardConfig): string {
  const installs = MODULES.map(([file, globals], i) => {
    const targets = globals.length > 0 ? `${globals.join(", ")} = ` : "";
    return `${targets}assert(load(__emu_src[${i + 2}], "=emulator/${file}"))(H)`;
  });
  return `
    local host = {}
    for _, name in ipairs({ ${hookNames.map((n) => JSON.stringify(n)).join(", ")} }) do
      host[name] = _G["__emu_" .. name]
      _G["__emu_" .. name] = nil
    end
    local config = { heap_bytes = ${config.heapBytes}, chip_id = ${config.chipId} }
    local H = assert(load(__emu_src[1], "=emulator/prelude.lua"))(host, config)
    ${installs.join("\n    ")}
    __emu_src = nil
    for _, name in ipairs({ ${MODULES.flatMap(([, globals]) => globals).map((n) => JSON.stringify(n)).join(", ")} }) do
      _G[name] = H.module(name, _G[name])
    end
    ${countHook(config.countEvery)}
    for name, fn in pairs(H.entry) do _G["__emu_entry_" .. name] = fn end`;
}

/**
 * Lua 5.4 instructions in the body of the emulated bit.bxor's short path (lua/bit.lua), which on
 * the board is a C function; test/emulator/modules.test.ts measures it.
 */
export const BXOR_BODY = 13;
/**
 * What one call of a C function costs NodeMCU's VM, in VM instructions' time: luaD_precall, a
 * luaL_checkinteger per argument, lua_pushinteger, luaD_poscall. An estimate, like the profiles'.
 */
export const C_CALL = 5;

/**
 * Lua that counts the instructions of the board's own code: every protected call (H.protect runs
 * the flash's scripts, uart and timer callbacks; it never throws) under a count hook firing every
 * `every` instructions, so the emulator's plumbing around it (hex conversion) is not counted. The
 * entry `executed` gives the count since it was last called. What runs after the hook's last
 * firing in a call is not seen, so each call adds half a period, the expected remainder. The
 * emulated bit.bxor's short path is charged as the C call it is on the board (C_CALL), not as
 * its Lua body.
 */
function countHook(every: number): string {
  if (every <= 0) return "H.entry.executed = function() return 0 end";
  return `
    local sethook, protect, executed = debug.sethook, H.protect, 0
    local function tick() executed = executed + ${every} end
    H.protect = function(fn, ...)
      sethook(tick, "", ${every})
      local r = protect(fn, ...)
      sethook()
      executed = executed + ${every / 2}
      return r
    end
    H.entry.executed = function()
      local e = executed - H.bxor_calls() * ${BXOR_BODY - C_CALL}
      executed = 0
      return e
    end`;
}

export class LuaBoard {
  private constructor(
    private readonly engine: LuaEngine,
    private readonly entries: Record<Entry, LuaFunction>,
  ) {}

  static async create(factory: LuaFactory, host: BoardHost, config: BoardConfig): Promise<LuaBoard> {
    const engine = await factory.createEngine({ injectObjects: false });
    try {
      const table = hooks(host);
      for (const [name, fn] of Object.entries(table)) engine.global.set(`__emu_${name}`, fn);
      engine.global.set("__emu_src", [source("prelude.lua"), ...MODULES.map(([file]) => source(file))]);
      await engine.doString(bootstrap(Object.keys(table), config));
      const entries = {} as Record<Entry, LuaFunction>;
      for (const name of ENTRIES) {
        entries[name] = engine.global.get(`__emu_entry_${name}`) as LuaFunction;
        engine.global.set(`__emu_entry_${name}`, undefined);
      }
      entries.mark_heap();
      return new LuaBoard(engine, entries);
    } catch (error) {
      engine.global.close();
      throw error;
    }
  }

  /** Runs a flash file (init.lua or main.lua at boot); its error with traceback, or undefined. */
  runFile(name: string): string | undefined {
    return this.call("run", name);
  }

  /** Hands received bytes to the uart.on("data") callback; its error, or undefined. */
  uartData(bytes: Uint8Array): string | undefined {
    return this.call("uart_data", hex(bytes));
  }

  /** Gives a complete input line to the Lua prompt (errors are printed there). */
  replLine(bytes: Uint8Array): void {
    this.call("repl_line", hex(bytes));
  }

  /** Timer `id` expired; its callback's error, or undefined. */
  timer(id: number): string | undefined {
    return this.call("timer", id);
  }

  /** Lua VM instructions executed since the last call (0 unless BoardConfig.countEvery). */
  takeExecuted(): number {
    return Number(this.entries.executed());
  }

  /** Runs Lua source and returns its first result (converted by wasmoon); throws its error. */
  evaluate(code: string): unknown {
    return this.entries.evaluate(code);
  }

  close(): void {
    this.engine.global.close();
  }

  private call(entry: Entry, arg: unknown): string | undefined {
    const result = this.entries[entry](arg);
    return typeof result === "string" ? result : undefined;
  }
}
