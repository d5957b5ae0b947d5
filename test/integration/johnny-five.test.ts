/**
 * johnny-five and firmata.js, unmodified, against the emulated NodeMCU board (real clock): the
 * handshake, a Led on an emulated pin, a Sensor on a scripted A0, and one connection shared with
 * a spikeloop Device (src/host/johnny-five): Sensor → neuron current, spikes → Led.
 */
import { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import { firmataPort } from "../../src/host/client/firmata-port.ts";
import type { SpikeReport } from "../../src/host/client/reports.ts";
import { connectJohnnyFive, HeldCurrents, sensorToInput, spikesToLed } from "../../src/host/johnny-five/index.ts";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- johnny-five ships no types
const five = require("johnny-five") as any;
const Firmata = (require("firmata-io") as { Firmata: { new (port: EventEmitter, options: object, ready: (err?: Error) => void): { firmware: { name?: string }; analogPins: number[] }; SYSEX_RESPONSE: Record<number, unknown> } }).Firmata;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const boot = () => NodeMcuEmulator.create({ clock: "real", startup: "main" });

describe("johnny-five and firmata.js on the emulated board", () => {
  afterEach(() => {
    delete Firmata.SYSEX_RESPONSE[1];
  });

  it("firmata.js reaches ready and sees the nodemcu board's pins", async () => {
    const emulator = await boot();
    const link = openEmulatorLink(emulator);
    const board = await new Promise<InstanceType<typeof Firmata>>((resolve, reject) => {
      const b = new Firmata(firmataPort(link), { reportVersionTimeout: 500 }, (err) => (err ? reject(err) : resolve(b)));
    });
    expect(board.firmware.name).toBe("spikeloop-nodemcu");
    expect(board.analogPins).toEqual([9]);
    await link.close();
    await emulator.close();
  });

  it("johnny-five gets ready, a Led toggles an emulated pin, a Sensor reads a scripted A0", async () => {
    const emulator = await boot();
    const { board, device, close } = await connectJohnnyFive(openEmulatorLink(emulator), { timeoutMs: 5000 });
    expect(device.info.board).toBe("nodemcu");

    // The board reports 8-bit PWM; the device scales 0–255 to the pin's 10-bit duty.
    const led = new five.Led({ pin: 3, board });
    led.toggle();
    await wait(50);
    expect(emulator.pins.state(3).pwm).toMatchObject({ duty: 1023, running: true });
    led.toggle();
    await wait(50);
    expect(emulator.pins.history(3).map((e) => e.value)).toEqual([0, 1023, 0]); // pwm.setup, on, off
    const dimmed = new five.Led({ pin: 2, board }); // D2: PWM, 8-bit brightness scaled to 10 bits
    dimmed.brightness(128);
    await wait(50);
    expect(emulator.pins.state(2).pwm?.duty).toBe(Math.round((128 * 1023) / 255)); // the device rounds

    emulator.pins.setAnalogInput(617);
    const sensor = new five.Sensor({ pin: "A0", board, freq: 25 });
    const value = await new Promise<number>((resolve) => sensor.once("data", function (this: { value: number }) { resolve(this.value); }));
    expect(value).toBe(617);
    sensor.disable();
    await close();
    expect(Firmata.SYSEX_RESPONSE[1]).toBeUndefined();
    await emulator.close();
  });

  it("a johnny-five Servo sets a 50 Hz pulse on an emulated pin through Firmata's servo config", async () => {
    const emulator = await boot();
    const { board, close } = await connectJohnnyFive(openEmulatorLink(emulator), { timeoutMs: 5000 });
    const servo = new five.Servo({ pin: 2, board }); // johnny-five's default range: 600–2400 µs
    const duty = (us: number) => Math.floor((us * 1023) / 20000 + 0.5);
    servo.to(90);
    await wait(50);
    expect(emulator.pins.state(2).pwm).toMatchObject({ clock: 50, duty: duty(1500), running: true });
    servo.to(180);
    await wait(50);
    expect(emulator.pins.state(2).pwm?.duty).toBe(duty(2400));
    servo.to(0);
    await wait(50);
    expect(emulator.pins.state(2).pwm?.duty).toBe(duty(600));
    await close();
    await emulator.close();
  });

  it("shares the connection: a Sensor drives a neuron, its spikes toggle a Led one host round trip later", async () => {
    const emulator = await boot();
    const { board, device, close } = await connectJohnnyFive(openEmulatorLink(emulator), { timeoutMs: 5000 });
    await device.configure({ model: "Leaky", neurons: 1, beta: 0.8, threshold: 1 });
    // Reference: the device toggles D1 itself in the step of each spike (on-device binding).
    await device.bindOutput({ neuron: 0, pin: 1, mode: "toggle" });
    const currents = new HeldCurrents(device);
    const sensor = new five.Sensor({ pin: "A0", board, freq: 20 });
    sensorToInput(sensor, currents, { neuron: 0, gain: 0.001 });
    const led = new five.Led({ pin: 3, board });
    spikesToLed(device, led, { neuron: 0, mode: "toggle" });
    const reports: SpikeReport[] = [];
    device.on("spikes", (r) => reports.push(r));

    await device.start({ periodMs: 20, every: 1 });
    await wait(300);
    expect(reports.flatMap((r) => Array.from(r.spikes))).not.toContain(1); // A0 reads 0: no current
    emulator.pins.setAnalogInput(500); // 0.5 per step: a spike every few steps
    await wait(1500);
    await device.stop();
    await wait(200); // the last reports' Led writes
    sensor.disable();

    const spikes = reports.reduce((n, r) => n + r.spikes.reduce((a, b) => a + b, 0), 0);
    expect(currents.values[0]).toBe(0.5);
    expect(spikes).toBeGreaterThan(10);
    const onDevice = emulator.pins.history(1).filter((e) => e.kind === "gpio").slice(1); // after the bind's 0
    const viaHost = emulator.pins.history(3).slice(1); // after pwm.setup's 0
    expect(onDevice.length).toBe(spikes);
    expect(viaHost.length).toBe(spikes);
    // Each host-driven change follows the device's own change for the same spike.
    for (let k = 0; k < spikes; k++) {
      expect(viaHost[k].value).toBe(onDevice[k].value * 1023);
      expect(viaHost[k].timeUs).toBeGreaterThanOrEqual(onDevice[k].timeUs);
    }
    await close();
    await emulator.close();
  });
});
