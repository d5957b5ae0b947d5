/** The emulated NodeMCU tmr module in virtual time: modes, methods, tmr.now's 31-bit wrap. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RealClock } from "../../src/emulator/clock.ts";
import { NodeMcuEmulator } from "../../src/emulator/index.ts";

let emu: NodeMcuEmulator;
beforeEach(async () => {
  emu = await NodeMcuEmulator.create({ files: { "init.lua": "log = {}" }, banner: false });
});
afterEach(() => emu.close());

const log = (): Promise<unknown> => emu.evaluate("return table.concat(log, ' ')");

describe("timers in virtual time", () => {
  it("runs an ALARM_AUTO timer every interval, without drift, until stopped", async () => {
    await emu.evaluate(`t = tmr.create()
      t:alarm(20, tmr.ALARM_AUTO, function(timer) log[#log + 1] = tmr.now() // 1000; if #log == 4 then timer:stop() end end)`);
    await emu.advance(19);
    expect(await log()).toBe("");
    await emu.advance(200);
    expect(await log()).toBe("20 40 60 80");
    expect(await emu.evaluate("return select('#', t:state()) == 2 and t:state() == false")).toBe(true);
  });

  it("fires timers due together in the order they were started, each at its own time", async () => {
    await emu.evaluate(`
      tmr.create():alarm(30, tmr.ALARM_SINGLE, function() log[#log + 1] = "b" .. tmr.now() end)
      tmr.create():alarm(10, tmr.ALARM_SINGLE, function() log[#log + 1] = "a" .. tmr.now() end)
      tmr.create():alarm(30, tmr.ALARM_SINGLE, function() log[#log + 1] = "c" .. tmr.now() end)`);
    await emu.advance(100);
    expect(await log()).toBe("a10000 b30000 c30000");
  });

  it("unregisters an ALARM_SINGLE timer when it fires; ALARM_SEMI waits for start()", async () => {
    await emu.evaluate(`
      single = tmr.create(); single:alarm(5, tmr.ALARM_SINGLE, function() log[#log + 1] = "single" end)
      semi = tmr.create(); semi:alarm(5, tmr.ALARM_SEMI, function() log[#log + 1] = "semi" end)`);
    await emu.advance(50);
    expect(await log()).toBe("single semi");
    expect(await emu.evaluate("return single:state()")).toBe(null);
    expect(await emu.evaluate("return semi:start()")).toBe(true);
    expect(await emu.evaluate("return single:start()")).toBe(false);
    await emu.advance(50);
    expect(await log()).toBe("single semi semi");
  });

  it("supports register, start(restart), stop, interval and unregister", async () => {
    await emu.evaluate(`t = tmr.create(); t:register(10, tmr.ALARM_AUTO, function() log[#log + 1] = tmr.now() // 1000 end)`);
    expect(await emu.evaluate("return t:state()")).toBe(false);
    expect(await emu.evaluate("return t:stop()")).toBe(false);
    expect(await emu.evaluate("return t:start()")).toBe(true);
    expect(await emu.evaluate("return t:start()")).toBe(false);
    await emu.advance(25);
    await emu.evaluate("t:interval(4)");
    await emu.advance(10);
    expect(await emu.evaluate("return t:start(true)")).toBe(true);
    await emu.advance(4);
    await emu.evaluate("t:unregister()");
    await emu.advance(100);
    expect(await log()).toBe("10 20 29 33 39");
    expect(await emu.evaluate("return t:state()")).toBe(null);
  });

  it("checks arguments like NodeMCU", async () => {
    await expect(emu.evaluate("tmr.create():alarm(0, tmr.ALARM_AUTO, print)")).rejects.toThrow("bad argument #1 to 'register' (Range: 1-6870947)");
    await expect(emu.evaluate("tmr.create():alarm(10, 7, print)")).rejects.toThrow("Invalid mode");
    await expect(emu.evaluate("tmr.create():alarm(10, tmr.ALARM_AUTO)")).rejects.toThrow("Must be function");
    await expect(emu.evaluate("tmr.create().alarm(10, tmr.ALARM_AUTO, print)")).rejects.toThrow("tmr.timer expected");
    await expect(emu.evaluate("tmr.softwd(5)")).rejects.toThrow("tmr.softwd is not supported");
  });

  it("a panic in a timer callback reboots the board, which starts over", async () => {
    await emu.evaluate(`tmr.create():alarm(10, tmr.ALARM_AUTO, function() error("tick failed") end)`);
    await emu.advance(15);
    expect(emu.panics.map((p) => [p.message, p.timeUs])).toEqual([["evaluate:1: tick failed", 10_000]]);
    expect(await emu.evaluate("return #log")).toBe(0);
    await emu.advance(100);
    expect(emu.panics).toHaveLength(1);
  });
});

describe("the clock", () => {
  it("tmr.now counts µs since boot in 31 bits and wraps; tmr.time counts seconds", async () => {
    await emu.advance(2_147_483);
    expect(await emu.evaluate("return tmr.now()")).toBe(2_147_483_000);
    await emu.advance(1);
    expect(await emu.evaluate("return tmr.now()")).toBe(2_147_484_000 - 2 ** 31);
    expect(await emu.evaluate("return tmr.time()")).toBe(2147);
  });

  it("tmr.delay busy-waits: time passes, nothing else runs meanwhile, late timers fire late", async () => {
    await emu.evaluate(`tmr.create():alarm(1, tmr.ALARM_SINGLE, function() log[#log + 1] = tmr.now() end)`);
    expect(await emu.evaluate("local t0 = tmr.now(); tmr.delay(2500); return tmr.now() - t0")).toBe(2500);
    expect(await log()).toBe("");
    await emu.advance(0);
    expect(await log()).toBe("2500");
  });

  it("advance() needs the virtual clock", async () => {
    const real = await NodeMcuEmulator.create({ files: {}, clock: "real", banner: false });
    try {
      expect(() => real.advance(1)).toThrow("advance() needs the virtual clock");
    } finally {
      await real.close();
    }
  });

  it("the real clock hands due callbacks to the event loop when Node's timers fire", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      const posted: Array<() => void> = [];
      const clock = new RealClock((fn) => posted.push(fn));
      const fired: number[] = [];
      clock.schedule(5000, () => fired.push(clock.now()));
      const cancel = clock.schedule(7000, () => fired.push(-1));
      vi.advanceTimersByTime(4);
      expect(posted).toHaveLength(0);
      vi.advanceTimersByTime(1);
      cancel();
      vi.advanceTimersByTime(10);
      for (const fn of posted) fn();
      expect(fired).toEqual([15_000]);
    } finally {
      vi.useRealTimers();
    }
  });
});
