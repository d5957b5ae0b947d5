/** The emulated gpio, pwm, adc, node and file modules, and their test controls. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NodeMcuEmulator } from "../../src/emulator/index.ts";
import { BXOR_BODY } from "../../src/emulator/lua-board.ts";
import { fixture } from "../fixtures/emulator/fixtures.ts";

let emu: NodeMcuEmulator;
beforeEach(async () => {
  emu = await NodeMcuEmulator.create({ files: { "init.lua": "", "data.bin": Uint8Array.of(0, 0xf7, 0xff, 10) }, banner: false });
});
afterEach(() => emu.close());

describe("gpio and pwm", () => {
  it("records every gpio.write and PWM duty with its virtual time", async () => {
    const board = await NodeMcuEmulator.create({ files: fixture("blink"), banner: false });
    try {
      await board.advance(1000);
      expect(board.pins.history(4).slice(0, 3)).toEqual([
        { timeUs: 100_000, pin: 4, kind: "gpio", value: 1 },
        { timeUs: 200_000, pin: 4, kind: "gpio", value: 0 },
        { timeUs: 300_000, pin: 4, kind: "gpio", value: 1 },
      ]);
      expect(board.pins.history(4)).toHaveLength(10);
      expect(board.pins.history(1).map((e) => [e.timeUs / 1000, e.value])).toEqual([[0, 0], [250, 100], [500, 200], [750, 300], [1000, 400]]);
      expect(board.pins.state(1)).toEqual({ mode: 0, pullup: false, level: 0, pwm: { clock: 500, duty: 400, running: true } });
      expect(board.pins.state(4)).toMatchObject({ mode: 1, level: 0 });
      board.pins.clearHistory();
      expect(board.pins.history()).toEqual([]);
    } finally {
      await board.close();
    }
  });

  it("reads back outputs, scripted inputs, pull-ups and the board's own pull-ups", async () => {
    await emu.evaluate("gpio.mode(5, gpio.OUTPUT) gpio.write(5, gpio.HIGH) gpio.mode(6, gpio.INPUT, gpio.PULLUP) gpio.mode(7, gpio.INPUT)");
    expect(await emu.evaluate("return gpio.read(5) * 1000 + gpio.read(6) * 100 + gpio.read(7) * 10 + gpio.read(3)")).toBe(1101);
    emu.pins.setDigitalInput(7, (t) => (t >= 5000 ? 1 : 0));
    expect(await emu.evaluate("return gpio.read(7)")).toBe(0);
    await emu.advance(5);
    expect(await emu.evaluate("return gpio.read(7)")).toBe(1);
    emu.pins.setDigitalInput(7, undefined);
    expect(await emu.evaluate("return gpio.read(7)")).toBe(0);
  });

  it("fails like NodeMCU on pin 0 PWM, bad pins, levels and a seventh PWM channel", async () => {
    await expect(emu.evaluate("pwm.setup(0, 1000, 512)")).rejects.toThrow("no pwm for D0");
    await expect(emu.evaluate("pwm.setduty(0, 1)")).rejects.toThrow("pwm 0 does not exist");
    await expect(emu.evaluate("pwm.setup(1, 1000, 1024)")).rejects.toThrow("wrong arg range");
    await expect(emu.evaluate("gpio.write(13, 1)")).rejects.toThrow("gpio 13 does not exist");
    await expect(emu.evaluate("gpio.write(1, 2)")).rejects.toThrow("bad argument #2 to 'write' (wrong level type)");
    await expect(emu.evaluate("gpio.mode(0, gpio.INT)")).rejects.toThrow("Invalid pin");
    await expect(emu.evaluate("gpio.trig(1, 'up', print)")).rejects.toThrow("gpio.trig is not supported");
    await expect(emu.evaluate("pwm.start(2)")).rejects.toThrow("Unable to start PWM output");
    expect(await emu.evaluate("for p = 1, 6 do pwm.setup(p, 2000, 0) end return pwm.getclock(1)")).toBe(1000);
    await expect(emu.evaluate("pwm.setup(7, 100, 0)")).rejects.toThrow("too many pwms.");
    expect(await emu.evaluate("pwm.close(6) return pwm.setup(7, 100, 1023)")).toBe(100);
  });
});

describe("adc", () => {
  it("reads a constant, samples per ms, or a function of time, clamped to 0..1024", async () => {
    expect(await emu.evaluate("return adc.read(0)")).toBe(0);
    emu.pins.setAnalogInput(512.4);
    expect(await emu.evaluate("return adc.read(0)")).toBe(512);
    emu.pins.setAnalogInput([10, 20, 30]);
    expect(await emu.evaluate("return adc.read(0)")).toBe(10);
    await emu.advance(1);
    expect(await emu.evaluate("return adc.read(0)")).toBe(20);
    await emu.advance(5);
    expect(await emu.evaluate("return adc.read(0)")).toBe(30);
    emu.pins.setAnalogInput((t) => t / 1000 - 2000);
    expect(await emu.evaluate("return adc.read(0)")).toBe(0);
    emu.pins.setAnalogInput(5000);
    expect(await emu.evaluate("return adc.read(0)")).toBe(1024);
    await expect(emu.evaluate("adc.read(1)")).rejects.toThrow("adc 1 does not exist");
    expect(await emu.evaluate("return adc.readvdd33()")).toBe(65535);
  });
});

describe("bit and math, as NodeMCU's Lua 5.1 has them", () => {
  it("computes bit's operations on the ESP8266's signed 32-bit integers", async () => {
    const results = await emu.evaluate(`return table.concat({
      bit.bxor(5, 3), bit.bxor(1, 2, 4), bit.bxor(-1, 1), bit.bxor(7), bit.bxor(100, 27.0),
      bit.band(12, 10), bit.band(-1, 255, 15), bit.bor(12, 3), bit.bnot(0), bit.bnot(-2),
      bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-16, 2), bit.arshift(16, 2),
      bit.bit(3), bit.set(0, 1, 3), bit.clear(15, 0, 1), tostring(bit.isset(5, 2)), tostring(bit.isclear(5, 1)),
      bit.bxor(2^32 + 6, 3), bit.band(2.9, 3), bit.bor(-2.9, 0)
    }, " ")`);
    expect(results).toBe("6 7 -2 7 127 8 15 15 -1 1 -2147483648 15 -4 4 8 10 12 true true 5 2 -2");
  });

  it("runs bxor's short path in BXOR_BODY instructions, which a board profile charges as one C call", async () => {
    // The same call to a Lua function that returns at once, and to bit.bxor: the difference is
    // bxor's body (lua-board.ts gives it back, less C_CALL).
    const count = (call: string) =>
      emu.evaluate(`local n = 0
        local f, g = bit.bxor, function() end
        local function tick() n = n + 1 end
        local function run() local x = ${call} end
        debug.sethook(tick, "", 1) run() debug.sethook()
        return n`);
    // The empty function's body is one instruction (its return); bxor's with a third argument is
    // one shorter (no `c or 0` default), whose caller loads one argument more.
    expect((await count("f(5, 3)")) as number).toBe((await count("g(5, 3)")) as number - 1 + BXOR_BODY);
    expect((await count("f(5, 3, 9)")) as number).toBe((await count("g(5, 3, 9)")) as number - 1 + BXOR_BODY - 1);
  });

  it("fails on what the board refuses, with NodeMCU's message", async () => {
    await expect(emu.evaluate('return bit.band("x", 1)')).rejects.toThrow("bad argument #1 to 'band' (number expected, got string)");
    await expect(emu.evaluate("return bit.lshift(1, 32)")).rejects.toThrow("bad argument #2 to 'lshift'");
    await expect(emu.evaluate("return bit.nope")).rejects.toThrow("bit.nope is not supported");
  });

  it("has only NodeMCU 5.1's math: pow but no log, exp, fmod, frexp or trigonometry", async () => {
    expect(await emu.evaluate("return math.pow(2, 10) + math.sqrt(16) + math.floor(2.5) + math.max(1, 3)")).toBe(1024 + 4 + 2 + 3);
    expect(await emu.evaluate("return tostring(math.log) .. tostring(math.exp) .. tostring(math.fmod) .. tostring(math.frexp) .. tostring(math.sin)")).toBe("nilnilnilnilnil");
    await expect(emu.evaluate("return math.log(2)")).rejects.toThrow(/attempt to call a nil value \(field 'log'\)/);
    expect(await emu.evaluate("return require('math') == math")).toBe(true);
  });
});

describe("node", () => {
  it("reports less free heap as Lua allocates, and gets it back after collection", async () => {
    const before = (await emu.evaluate("collectgarbage() return node.heap()")) as number;
    expect(before).toBeGreaterThan(40_000);
    expect(before).toBeLessThanOrEqual(44 * 1024);
    const after = (await emu.evaluate("big = {} for i = 1, 1000 do big[i] = i * 0.5 end collectgarbage() return node.heap()")) as number;
    expect(before - after).toBeGreaterThan(8_000);
    expect(await emu.evaluate("big = nil collectgarbage() return node.heap()")).toBeGreaterThan(after);
  });

  it("counts code loaded from the file system against the heap, and code from LFS not", async () => {
    const big = Array.from({ length: 200 }, (_, i) => `function f${i}(x) return x * ${i} + ${i / 7} end`).join("\n");
    const used: number[] = [];
    for (const load of ["node.LFS.get('big')()", "require('big')"]) {
      const board = await NodeMcuEmulator.create({ files: { "init.lua": "", "big.lua": big }, banner: false, lfs: true, heapBytes: 320 * 1024 });
      try {
        expect(await board.evaluate("return table.concat(node.LFS.list(), ',')")).toBe("big");
        used.push((await board.evaluate(`local before = node.heap() ${load} return before - node.heap()`)) as number);
      } finally {
        await board.close();
      }
    }
    expect(used[0]).toBeLessThan(used[1] / 5);
    expect(used[1]).toBeGreaterThan(20_000);
  });

  it("fails to load a file that does not fit the heap with the board's \"not enough memory\"", async () => {
    const big = Array.from({ length: 200 }, (_, i) => `function f${i}(x) return x * ${i} + ${i / 7} end`).join("\n");
    const board = await NodeMcuEmulator.create({ files: { "init.lua": "", "big.lua": big }, banner: false, lfs: false, heapBytes: 16 * 1024 });
    try {
      await expect(board.evaluate("require('big')")).rejects.toThrow("not enough memory");
      expect(await board.evaluate("return node.LFS.big == nil and #node.LFS.list() == 0")).toBe(true);
      expect(await board.evaluate("return node.getpartitiontable().lfs_size")).toBe(128 * 1024);
    } finally {
      await board.close();
    }
  });

  it("has chipid, cpu frequency and egc.setmode", async () => {
    expect(await emu.evaluate("return node.chipid()")).toBe(0x00e5a1c3);
    expect(await emu.evaluate("return node.setcpufreq(node.CPU160MHZ) + node.getcpufreq()")).toBe(320);
    await emu.evaluate("node.egc.setmode(node.egc.ON_MEM_LIMIT, 4096)");
    await expect(emu.evaluate("node.egc.setmode(3)")).rejects.toThrow("invalid mode");
    await expect(emu.evaluate("node.dsleep(1)")).rejects.toThrow("node.dsleep is not supported");
  });

  it("compiles a flash file to bytecode that dofile and require load", async () => {
    emu.flash.write("m.lua", "return { answer = 42 }");
    await emu.evaluate("node.compile('m.lua') file.remove('m.lua')");
    expect(emu.flash.exists("m.lc")).toBe(true);
    expect(await emu.evaluate("return require('m').answer + dofile('m.lc').answer")).toBe(84);
  });
});

describe("file", () => {
  it("writes, reads back, appends, seeks and lists files on the flash", async () => {
    await emu.evaluate(`
      local f = file.open("notes.txt", "w+")
      f:writeline("first")
      f:write("second")
      f:close()
      assert(file.open("notes.txt", "a")) file.write("!") file.close()`);
    expect(new TextDecoder().decode(emu.flash.read("notes.txt"))).toBe("first\nsecond!");
    expect(await emu.evaluate(`local f = file.open("notes.txt") local a = f:readline() local b = f:read() f:close() return a .. "|" .. b`)).toBe("first\n|second!");
    expect(await emu.evaluate(`local f = file.open("notes.txt", "r+") f:seek("set", 6) f:write("SE") f:seek("set") local s = f:read(9) f:close() return s`)).toBe("first\nSEc");
    expect(await emu.evaluate(`return file.list()["notes.txt"]`)).toBe(13);
    expect(await emu.evaluate(`return file.list("%.bin$")["notes.txt"]`)).toBe(null);
  });

  it("keeps binary data intact and fails where SPIFFS does", async () => {
    expect(await emu.evaluate(`local s = file.getcontents("data.bin") return #s == 4 and s:byte(2) == 0xF7 and s:byte(3) == 0xFF`)).toBe(true);
    expect(await emu.evaluate(`return file.putcontents("copy.bin", file.getcontents("data.bin") .. "\\128")`)).toBe(true);
    expect(emu.flash.read("copy.bin")).toEqual(Uint8Array.of(0, 0xf7, 0xff, 10, 0x80));
    expect(await emu.evaluate(`return file.open("missing.txt")`)).toBe(null);
    expect(await emu.evaluate(`return file.open(string.rep("n", 32), "w")`)).toBe(null);
    expect(await emu.evaluate(`return file.rename("data.bin", "copy.bin")`)).toBe(false);
    expect(await emu.evaluate(`return file.rename("copy.bin", "moved.bin") and file.exists("moved.bin") and not file.exists("copy.bin")`)).toBe(true);
    expect(await emu.evaluate(`local remaining, used, total = file.fsinfo() return remaining + used == total and used`)).toBe(9);
    await expect(emu.evaluate(`file.read()`)).rejects.toThrow("no file open");
  });

  it("outlives a reboot, as flash does", async () => {
    await emu.evaluate(`file.putcontents("keep.txt", "kept")`);
    await emu.reboot();
    expect(await emu.evaluate(`return file.getcontents("keep.txt")`)).toBe("kept");
  });
});
