/**
 * The serial transport: a Device opened by port path (serialport 13) on a pseudo-terminal whose
 * far side is the firmware under lua5.1, and the typed errors for ports that cannot be opened.
 */
import { describe, expect, it } from "vitest";
import { startExternalLuaPty } from "../../src/emulator/index.ts";
import { Device } from "../../src/host/client/device.ts";
import { LinkOpenError } from "../../src/host/client/errors.ts";
import { openSerialLink } from "../../src/host/client/serial-link.ts";

describe("a Device on a serial port", () => {
  it("opens the port by path, runs, and refuses a second opener with port-busy", async () => {
    const pty = await startExternalLuaPty({ lua: "lua5.1" });
    try {
      const device = await Device.open(pty.path, { baudRate: 115200 });
      expect(device.path).toBe(pty.path);
      expect(device.info.board).toBe("stdio");
      const err = await openSerialLink(pty.path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LinkOpenError);
      expect((err as LinkOpenError).code).toBe("port-busy");
      await device.configure({ model: "Leaky", neurons: 1, beta: 0.5 });
      const trace = await device.run({ steps: 3, channels: 1, values: Float64Array.of(2, 0, 0) });
      expect(Array.from(trace.values)).toEqual([2, 1, 0, 0, 0, 0]);
      await device.close();
    } finally {
      await pty.close();
    }
  });

  it("names a port that does not exist", async () => {
    const err = await Device.open("/dev/spikeloop-no-such-port").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkOpenError);
    expect((err as LinkOpenError).code).toBe("port-not-found");
    expect((err as Error).message).toMatch(/^\/dev\/spikeloop-no-such-port: no such serial port/);
  });
});
