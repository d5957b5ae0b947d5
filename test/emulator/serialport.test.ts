/** The emulated board behind serialport 13: a real SerialPort stream over the emulator's binding. */
import { SerialPort, type SerialPortOpenOptions } from "serialport";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmulatorBinding, type EmulatorBinding, NodeMcuEmulator } from "../../src/emulator/index.ts";
import { fixture, latin1, text } from "../fixtures/emulator/fixtures.ts";

let emu: NodeMcuEmulator;
let binding: EmulatorBinding;
const ports: SerialPort[] = [];

beforeEach(async () => {
  emu = await NodeMcuEmulator.create({ files: fixture("echo"), startup: "main", banner: false });
  binding = createEmulatorBinding(emu);
});
afterEach(async () => {
  for (const port of ports.splice(0)) if (port.isOpen) await new Promise((resolve) => port.close(resolve));
  await emu.close();
});

/** serialport 13's SerialPort takes `binding` at run time; its options type leaves it out. */
async function open(baudRate = 115200, path = "emulator"): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate, binding, autoOpen: false } as SerialPortOpenOptions<EmulatorBinding>);
  ports.push(port);
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  return port;
}

/** Resolves with the data events' bytes once `count` bytes arrived. */
function collect(port: SerialPort, count: number): Promise<string> {
  return new Promise((resolve) => {
    let got = "";
    const onData = (chunk: Buffer): void => {
      got += text(chunk);
      if (got.length >= count) {
        port.off("data", onData);
        resolve(got);
      }
    };
    port.on("data", onData);
  });
}

describe("the serialport binding", () => {
  it("lists the emulator and exchanges bytes with the firmware through a SerialPort", async () => {
    expect((await binding.list()).map((p) => p.path)).toEqual(["emulator"]);
    const port = await open();
    const reply = collect(port, 8);
    port.write(Buffer.from(latin1("\xf0hello\xf7")));
    expect(await reply).toBe("<\xf0hello\xf7>");
  });

  it("passes nothing at another baud rate, and works once the rate matches", async () => {
    const port = await open(57600);
    port.write(Buffer.from(latin1("lost\xf7")));
    await new Promise((resolve) => port.drain(resolve));
    await emu.settle();
    expect(emu.output.bytesWritten).toBe(3);
    await new Promise((resolve) => port.update({ baudRate: 115200 }, resolve));
    const reply = collect(port, 5);
    port.write(Buffer.from(latin1("ok\xf7")));
    expect(await reply).toBe("<ok\xf7>");
  });

  it("locks the port, refuses unknown paths and reports no modem lines", async () => {
    const port = await open();
    await expect(open()).rejects.toThrow(/Cannot lock port/);
    await expect(open(115200, "/dev/ttyUSB9")).rejects.toThrow(/No such file or directory/);
    expect(await new Promise((resolve) => port.get((_, status) => resolve(status)))).toEqual({ cts: false, dsr: false, dcd: false });
    await new Promise((resolve) => port.close(resolve));
    await open();
  });

  it("checks arguments like the interface's mock binding", async () => {
    await expect(binding.open({ path: "emulator", baudRate: 0 })).rejects.toThrow(TypeError);
    const port = await binding.open({ path: "emulator", baudRate: 115200 });
    await expect(port.read(Buffer.alloc(4), 0, 8)).rejects.toThrow("buffer is too small");
    await expect(port.write("text" as unknown as Buffer)).rejects.toThrow(TypeError);
    expect(port.openOptions).toMatchObject({ dataBits: 8, stopBits: 1, parity: "none", lock: true });
    const pending = port.read(Buffer.alloc(8), 0, 8);
    await port.close();
    await expect(pending).rejects.toMatchObject({ canceled: true });
    await expect(port.write(Buffer.from("x"))).rejects.toThrow("Port is not open");
  });

  it("ends the stream when the emulator closes, like an unplugged board", async () => {
    const port = await open();
    port.resume(); // a flowing stream has a read pending, which is how a port notices the loss
    const closed = new Promise((resolve) => port.once("close", resolve));
    await emu.close();
    expect(await closed).toMatchObject({ disconnected: true });
  });
});
