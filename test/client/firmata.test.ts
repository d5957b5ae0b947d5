/**
 * Sharing one connection with firmata.js: a firmata-io Board shakes hands with the real firmware
 * (lua5.1 through the stdio adapter) and drives pins, while a spikeloop Device attached to that
 * Board runs the layer over the same byte stream. (johnny-five on such a shared connection:
 * test/integration/johnny-five.test.ts.)
 */
import { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../../src/shared/protocol.ts";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { DeviceUsageError } from "../../src/host/client/errors.ts";
import { type FirmataBoard, attachToFirmata } from "../../src/host/client/firmata-board.ts";
import { type ProcessLink, spawnStdioFirmware } from "../../src/host/client/process-link.ts";

/** firmata-io ships no types: the parts of its Board class these tests use. */
type Board = FirmataBoard & EventEmitter & {
  MODES: { OUTPUT: number };
  pins: { state?: number }[];
  pinMode(pin: number, mode: number): void;
  digitalWrite(pin: number, value: number): void;
  queryPinState(pin: number, callback: () => void): void;
};
interface FirmataClass {
  new (transport: EventEmitter, options: object, ready: (err?: Error) => void): Board;
  SYSEX_RESPONSE: Record<number, unknown>;
}
const Firmata = (createRequire(import.meta.url)("firmata-io") as { Firmata: FirmataClass }).Firmata;

/** A firmata.js transport (an EventEmitter with write) over the firmware process's pipes. */
class PipeTransport extends EventEmitter {
  constructor(readonly link: ProcessLink) {
    super();
    void this.#pump();
    setImmediate(() => this.emit("open"));
  }

  async #pump(): Promise<void> {
    for (let chunk = await this.link.read(); chunk !== null; chunk = await this.link.read()) this.emit("data", Buffer.from(chunk));
    this.emit("close");
  }

  /** Bytes as if the device had sent them. */
  inject(bytes: number[]): void {
    this.emit("data", Buffer.from(bytes));
  }

  write(data: Buffer, done?: () => void): void {
    void this.link.write(new Uint8Array(data)).then(done, done);
  }
}

async function readyBoard(): Promise<{ board: Board; transport: PipeTransport }> {
  const transport = new PipeTransport(await spawnStdioFirmware("lua5.1"));
  const board = await new Promise<Board>((resolve, reject) => {
    const b: Board = new Firmata(transport, { reportVersionTimeout: 200 }, (err) => (err ? reject(err) : resolve(b)));
  });
  return { board, transport };
}

function pinState(board: Board, pin: number): Promise<number | undefined> {
  return new Promise((resolve) => board.queryPinState(pin, () => resolve(board.pins[pin].state)));
}

describe("a spikeloop Device attached to a firmata.js Board", () => {
  afterEach(() => {
    // firmata.js's handler table is shared by every Board: a failed test must not leak into the next.
    delete Firmata.SYSEX_RESPONSE[1];
  });

  it("runs a layer over the Board's connection while firmata.js drives pins, identical to the lua backend", async () => {
    const { board, transport } = await readyBoard();
    expect(board.firmware.name).toBe("spikeloop-stdio");
    const device = await attachToFirmata(board, { timeouts: { reply: 1000 } });
    expect(device.info).toMatchObject({ board: "stdio", protocol: PROTOCOL_VERSION, firmware: { major: 0, minor: 1 } });
    const spec = parseLayerConfig({ model: "Synaptic", neurons: 3, alpha: 0.8, beta: [0.7, 0.8, 0.9], threshold: 0.9 });
    await device.configure(spec);
    const currents = { steps: 120, channels: 3, values: Float64Array.from({ length: 360 }, (_, k) => ((k * 7) % 11) / 20) };

    board.pinMode(3, board.MODES.OUTPUT);
    const run = device.run(currents);
    board.digitalWrite(3, 1);
    const [trace, state] = await Promise.all([run, pinState(board, 3)]);
    expect(state).toBe(1);
    const lua = await createLuaBackend();
    expect(Array.from(trace.values)).toEqual(Array.from((await lua.simulate(spec, currents)).values));
    await lua.close();

    // Detaching clears firmata.js's handler; the Board keeps working and can be attached again.
    await device.close();
    expect(Firmata.SYSEX_RESPONSE[1]).toBeUndefined();
    board.digitalWrite(3, 0);
    expect(await pinState(board, 3)).toBe(0);
    const again = await attachToFirmata(board);
    expect((await again.status()).mode).toBe("idle");
    await again.close();
    await transport.link.close();
  });

  it("refuses a second attachment while one is active", async () => {
    const { board, transport } = await readyBoard();
    const device = await attachToFirmata(board);
    const err = await attachToFirmata(board).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceUsageError);
    expect((err as DeviceUsageError).code).toBe("handler-taken");
    expect((await device.status()).mode).toBe("unconfigured");
    await device.close();
    await transport.link.close();
  });

  it("sees a reboot that firmata.js reports, and fails the pending call", async () => {
    const { board, transport } = await readyBoard();
    const device = await attachToFirmata(board, { timeouts: { reply: 2000 } });
    await device.configure({ model: "Leaky", neurons: 1, beta: 0.9 });
    const reset = new Promise((resolve) => device.once("reset", resolve));
    const run = device.run({ steps: 20000, channels: 1, values: new Float64Array(20000) }, { batchSize: 1 });
    setTimeout(() => transport.inject([0xf9, 2, 6]), 20);
    await expect(run).rejects.toMatchObject({ code: "device-reset" });
    expect(await reset).toEqual({ type: "version", major: 2, minor: 6 });
    expect(device.spec).toBeUndefined();
    await device.close();
    await transport.link.close();
  });
});
