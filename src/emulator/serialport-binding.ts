/**
 * The emulated board as a serialport binding (@serialport/bindings-interface), so serialport's
 * streams, and through them firmata.js and johnny-five, talk to it as to a USB serial port:
 *
 *   const binding = createEmulatorBinding(emulator);
 *   const port = new SerialPortStream({ binding, path: "emulator", baudRate: 115200 });
 *
 * (serialport 13's `SerialPort` accepts `binding` too at run time; its type leaves it out.)
 * Like a real port it opens once at a time (unless `lock: false`), and a port opened at another
 * speed than UART0's (115200 unless the firmware's uart.setup changed it) passes no bytes either
 * way: the board would see noise, and the host's framing sees nothing it can use.
 */
// The package's "exports" name no ESM types; its CommonJS entry has them.
import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  PortStatus,
  SetOptions,
  UpdateOptions,
} from "@serialport/bindings-interface" with { "resolution-mode": "require" };
import type { NodeMcuEmulator } from "./emulator.ts";

/** How pending reads end when the port closes (the interface's contract). */
export class CanceledError extends Error {
  readonly canceled = true;
  constructor(message: string) {
    super(message);
    this.name = "CanceledError";
  }
}

const DEFAULTS = { dataBits: 8, lock: true, stopBits: 1, parity: "none", rtscts: false, xon: false, xoff: false, xany: false, hupcl: true } as const;

export class EmulatorPortBinding implements BindingPortInterface {
  readonly openOptions: Required<OpenOptions>;
  isOpen = true;
  private received: Uint8Array[] = [];
  private wake: ((error?: Error) => void) | undefined;
  /** The emulator closed: reads fail as when a USB port disappears. */
  private unplugged = false;
  private readonly unsubscribe: () => void;
  private readonly unwatch: () => void;

  constructor(
    private readonly emulator: NodeMcuEmulator,
    options: Required<OpenOptions>,
    private readonly onClose: () => void,
  ) {
    this.openOptions = options;
    this.unsubscribe = emulator.onOutput((bytes) => {
      if (!this.inSync()) return;
      this.received.push(Uint8Array.from(bytes));
      this.wakeReader();
    });
    this.unwatch = emulator.onClose(() => {
      this.unplugged = true;
      this.wakeReader(new Error(`${options.path}: the emulated board is gone`));
    });
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!Buffer.isBuffer(buffer)) throw new TypeError('"buffer" is not a Buffer');
    if (!Number.isInteger(offset) || offset < 0) throw new TypeError('"offset" is not an integer');
    if (!Number.isInteger(length) || length < 1) throw new TypeError('"length" is not a positive integer');
    if (buffer.length < offset + length) throw new Error("buffer is too small");
    if (!this.isOpen) throw new Error("Port is not open");
    while (this.received.length === 0) {
      if (this.unplugged) throw new Error(`${this.openOptions.path}: the emulated board is gone`);
      if (this.wake) throw new Error("a read is already pending");
      await new Promise<void>((resolve, reject) => {
        this.wake = (error) => (error ? reject(error) : resolve());
      });
    }
    let bytesRead = 0;
    while (bytesRead < length && this.received.length > 0) {
      const chunk = this.received[0];
      const n = Math.min(chunk.length, length - bytesRead);
      buffer.set(chunk.subarray(0, n), offset + bytesRead);
      bytesRead += n;
      if (n === chunk.length) this.received.shift();
      else this.received[0] = chunk.subarray(n);
    }
    return { buffer, bytesRead };
  }

  async write(buffer: Buffer): Promise<void> {
    if (!Buffer.isBuffer(buffer)) throw new TypeError('"buffer" is not a Buffer');
    if (!this.isOpen) throw new Error("Port is not open");
    if (this.inSync()) this.emulator.receive(Uint8Array.from(buffer));
  }

  async update(options: UpdateOptions): Promise<void> {
    if (typeof options !== "object" || options === null) throw new TypeError('"options" is not an object');
    if (!Number.isInteger(options.baudRate) || options.baudRate <= 0) throw new TypeError('"options.baudRate" is not a valid baudRate');
    if (!this.isOpen) throw new Error("Port is not open");
    this.openOptions.baudRate = options.baudRate;
  }

  async set(options: SetOptions): Promise<void> {
    if (typeof options !== "object" || options === null) throw new TypeError('"options" is not an object');
    if (!this.isOpen) throw new Error("Port is not open");
  }

  /** The board's USB serial chip wires no modem lines back. */
  async get(): Promise<PortStatus> {
    if (!this.isOpen) throw new Error("Port is not open");
    return { cts: false, dsr: false, dcd: false };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    if (!this.isOpen) throw new Error("Port is not open");
    return { baudRate: this.openOptions.baudRate };
  }

  /** Discards what the board sent and nobody read yet. */
  async flush(): Promise<void> {
    if (!this.isOpen) throw new Error("Port is not open");
    this.received = [];
  }

  /** Writes reach the board at once, so there is never anything left to drain. */
  async drain(): Promise<void> {
    if (!this.isOpen) throw new Error("Port is not open");
  }

  async close(): Promise<void> {
    if (!this.isOpen) throw new Error("Port is not open");
    this.isOpen = false;
    this.unsubscribe();
    this.unwatch();
    this.received = [];
    this.wakeReader(new CanceledError("port is closed"));
    this.onClose();
  }

  private inSync(): boolean {
    return this.openOptions.baudRate === this.emulator.baudRate;
  }

  private wakeReader(error?: Error): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.(error);
  }
}

export type EmulatorBinding = BindingInterface<EmulatorPortBinding, OpenOptions, PortInfo>;

/** A binding whose one port, `path` (default "emulator"), is the emulated board's UART0. */
export function createEmulatorBinding(emulator: NodeMcuEmulator, path = "emulator"): EmulatorBinding {
  let locked = false;
  return {
    async list(): Promise<PortInfo[]> {
      return [{ path, manufacturer: "spikeloop emulator", serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined }];
    },
    async open(options: OpenOptions): Promise<EmulatorPortBinding> {
      if (typeof options !== "object" || options === null || Array.isArray(options)) throw new TypeError('"options" is not an object');
      if (!options.path) throw new TypeError('"path" is not a valid port');
      if (!Number.isInteger(options.baudRate) || options.baudRate <= 0) throw new TypeError('"baudRate" is not a valid baudRate');
      if (options.path !== path) throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
      if (emulator.closed) throw new Error(`Error: the emulated board behind ${path} is closed`);
      const opened: Required<OpenOptions> = { ...DEFAULTS, ...options } as Required<OpenOptions>;
      if (locked) throw new Error("Error Resource temporarily unavailable Cannot lock port");
      locked = opened.lock;
      return new EmulatorPortBinding(emulator, opened, () => (locked = false));
    },
  };
}
