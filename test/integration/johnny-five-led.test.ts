/**
 * An unmodified johnny-five Led on every kind of pin of the emulated NodeMCU: on/off/toggle/blink
 * on D0 (GPIO16, output only, no PWM: johnny-five's first OUTPUT pin and many boards' on-board
 * LED), and brightness/fade/pulse on a PWM pin, whose duty still spans the pin's 10 bits.
 */
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import { connectJohnnyFive } from "../../src/host/johnny-five/index.ts";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- johnny-five ships no types
const five = require("johnny-five") as any;
const Firmata = (require("firmata-io") as { Firmata: { SYSEX_RESPONSE: Record<number, unknown> } }).Firmata;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The parts of johnny-five's Board (untyped) these tests read. */
interface LedBoard {
  RESOLUTION: { PWM: number };
  pins: { isPwm(pin: number): boolean };
}

async function connected() {
  const emulator = await NodeMcuEmulator.create({ clock: "real", startup: "main" });
  const j5 = await connectJohnnyFive(openEmulatorLink(emulator), { timeoutMs: 5000 });
  return {
    emulator, board: j5.board as typeof j5.board & LedBoard,
    close: async () => {
      await j5.close();
      await emulator.close();
    },
  };
}

describe("a johnny-five Led on the emulated board", () => {
  afterEach(() => {
    delete Firmata.SYSEX_RESPONSE[1];
  });

  it("switches D0, a pin without PWM: on, off, toggle, blink", async () => {
    const { emulator, board, close } = await connected();
    try {
      expect(board.RESOLUTION.PWM).toBe(255);
      expect(board.pins.isPwm(0)).toBe(false);
      const led = new five.Led({ pin: 0, board });
      led.on();
      await wait(40);
      expect(emulator.pins.state(0).level).toBe(1);
      led.off();
      await wait(40);
      expect(emulator.pins.state(0).level).toBe(0);
      led.toggle();
      await wait(40);
      expect(emulator.pins.state(0).level).toBe(1);
      led.toggle();
      await wait(40);
      emulator.pins.clearHistory();
      led.blink(40);
      await wait(400);
      led.stop().off();
      await wait(40);
      const levels = emulator.pins.history(0).filter((e) => e.kind === "gpio").map((e) => e.value);
      expect(levels.filter((v) => v === 1).length).toBeGreaterThanOrEqual(3);
      expect(levels.filter((v) => v === 0).length).toBeGreaterThanOrEqual(3);
      expect(emulator.pins.state(0).level).toBe(0);
    } finally {
      await close();
    }
  });

  it("dims a PWM pin over the pin's full 10-bit range: brightness, fade, pulse", async () => {
    const { emulator, board, close } = await connected();
    try {
      const led = new five.Led({ pin: 1, board });
      const duty = () => emulator.pins.state(1).pwm?.duty;
      for (const [brightness, expected] of [[0, 0], [1, 4], [128, 514], [254, 1019], [255, 1023]] as const) {
        led.brightness(brightness);
        await wait(30);
        expect(duty()).toBe(expected); // round(b · 1023 / 255)
      }
      led.off();
      await wait(30);
      emulator.pins.clearHistory();
      await new Promise<void>((resolve) => led.fade({ easing: "linear", duration: 300, cuePoints: [0, 1], keyFrames: [0, 255], oncomplete: resolve }));
      await wait(30);
      const faded = emulator.pins.history(1).map((e) => e.value);
      expect(faded.at(-1)).toBe(1023);
      expect(new Set(faded).size).toBeGreaterThan(3); // intermediate duties on the way up
      emulator.pins.clearHistory();
      led.pulse(200);
      await wait(500);
      led.stop().off();
      await wait(30);
      const pulsed = emulator.pins.history(1).map((e) => e.value);
      expect(Math.max(...pulsed)).toBeGreaterThan(900);
      expect(Math.min(...pulsed)).toBeLessThan(100);
      expect(duty()).toBe(0);
    } finally {
      await close();
    }
  });
});
