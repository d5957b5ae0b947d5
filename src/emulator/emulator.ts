/**
 * An emulated NodeMCU board (ESP8266): the firmware's Lua runs in a wasmoon VM over emulated
 * uart, tmr, gpio, pwm, adc, node and file modules, on a virtual (default) or real clock.
 * The board boots like NodeMCU: banner, init.lua (or main.lua directly), then the Lua prompt
 * until the firmware takes UART0. An error in a callback is a panic: the message goes out of
 * UART0 and the board reboots. docs/emulator.md describes what is emulated and how faithfully.
 *
 * Bytes reach the board through `receive` and leave through `onOutput` listeners; the Link,
 * serialport binding and pty bridge build on those. Everything else public is a test control.
 */
import { LuaFactory } from "wasmoon";
import { boardHost } from "./board-host.ts";
import { type Clock, RealClock, VirtualClock } from "./clock.ts";
import { FlashFs, type FlashFiles } from "./filesystem.ts";
import { readFirmwareFiles } from "../io/firmware-files.ts";
import { DEFAULT_LFS_BYTES, LfsRegion, lfsModules } from "./lfs.ts";
import { type BoardHost, LuaBoard } from "./lua-board.ts";
import { UartOutput } from "./output-log.ts";
import { type PinControls, Pins } from "./pins.ts";
import { TaskQueue } from "./task-queue.ts";
import { TimerTable } from "./timers.ts";
import { PROMPT, UartReceiver } from "./uart.ts";
import { type BoardName, type BoardProfile, SerialLine, TransmitLine, boardProfile } from "./board-time.ts";

/** A board profile's count hook fires every this many VM instructions (lua-board.ts). */
const COUNT_EVERY = 64;

export interface EmulatorOptions {
  /** "virtual" (default): time moves only with `advance`; "real": Node's timers drive it. */
  clock?: "virtual" | "real";
  /** What boot runs: "init" (default) init.lua as NodeMCU does; "main" main.lua directly. */
  startup?: "init" | "main";
  /**
   * Virtual clock, startup "init" and a main.lua on the flash: power-on and `reboot()`
   * fast-forward through init.lua's delay until main.lua has been loaded (at most 10 s of
   * virtual time). Default true.
   */
  fastBoot?: boolean;
  /** The flash's files; default the built firmware (`readFirmwareFiles()`). */
  files?: FlashFiles;
  /** NodeMCU's boot banner on UART0 (default true). */
  banner?: boolean;
  /** Free heap at boot in bytes (default 44 KiB, an ESP8266 with NodeMCU 3.0). */
  heapBytes?: number;
  /**
   * The firmware's modules (every .lua of `files` but init.lua) are in the Lua Flash Store at
   * power-on, as after `spikeloop flash --lfs`, where they take no heap (default true). With
   * false the LFS region is empty and modules load from the file system into the heap, where
   * the spikeloop firmware does not fit an ESP8266 (docs/emulator.md).
   */
  lfs?: boolean;
  /** Size of the LFS region in bytes (default 128 KiB; 0: a NodeMCU build without LFS). */
  lfsBytes?: number;
  chipId?: number;
  /**
   * A board profile (board-time.ts): the board keeps that board's time — each Lua VM
   * instruction costs its estimated time, UART0 moves bytes at the baud rate through a 256-byte
   * receive ring. Needs the virtual clock, which then runs by itself whenever the board has
   * something to do. Default none: time moves only with `advance`, and work takes no time.
   */
  board?: BoardName;
}

/** An error in a Lua callback (the board rebooted) or in the startup script (it did not). */
export interface PanicRecord {
  timeUs: number;
  during: "callback" | "startup";
  message: string;
  traceback: string;
}

const DEFAULT_BAUD = 115200;
/** What a byte sent at the wrong rate arrives as (see receive). */
export const GARBLED = 0xfe;
const FAST_BOOT_LIMIT_US = 10_000_000;
const BANNER = "\nNodeMCU 3.0.0.0 (spikeloop emulator)\n\tmodules: adc,bit,file,gpio,node,pwm,tmr,uart\n build powered by Lua 5.4 (wasmoon)\n";
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

type State = "off" | "booting" | "running" | "halted" | "closed";

export class NodeMcuEmulator {
  readonly clock: Clock;
  /** Every panic and startup error since power-on. */
  readonly panics: PanicRecord[] = [];
  private readonly uarts = new UartOutput();
  /** UART0's output since power-on (or `output.clear()`). */
  readonly output = this.uarts.uart0;
  /** UART1's (transmit-only) output. */
  readonly uart1 = this.uarts.uart1;
  readonly flash: FlashFs;
  /** The Lua Flash Store region (node.LFS); like the flash, it outlives reboots. */
  readonly lfs: LfsRegion;
  private readonly options: Required<Omit<EmulatorOptions, "files" | "board">>;
  /** The board profile, when the board keeps a real board's time. */
  readonly profile: BoardProfile | undefined;
  private readonly rxLine = new SerialLine(DEFAULT_BAUD);
  private readonly txLine = new TransmitLine(DEFAULT_BAUD);
  private pumpQueued = false;
  /** Lua VM instructions the board executed since power-on (counted with a board profile only). */
  instructions = 0;
  private readonly loop = new TaskQueue((error) => this.faults.push(error));
  private readonly rx = new UartReceiver();
  /** Test controls of the pins: output history, scripted inputs. */
  readonly pins: PinControls;
  private readonly io: Pins;
  private readonly timers: TimerTable;
  private readonly host: BoardHost;
  private readonly factory = new LuaFactory();
  private readonly closeListeners = new Set<() => void>();
  private readonly faults: unknown[] = [];
  private board: LuaBoard | undefined;
  private state: State = "off";
  private bootAtUs = 0;
  private uartBaud = DEFAULT_BAUD;
  private mainLoaded = false;
  private inputQueued = false;
  /** Host writes not yet in the receive ring (no board profile). */
  private readonly writes: Uint8Array[] = [];

  private constructor(options: EmulatorOptions) {
    this.profile = options.board === undefined ? undefined : boardProfile(options.board);
    if (this.profile !== undefined && options.clock === "real") throw new Error("a board profile needs the virtual clock");
    this.options = {
      clock: options.clock ?? "virtual",
      startup: options.startup ?? "init",
      fastBoot: options.fastBoot ?? true,
      banner: options.banner ?? true,
      heapBytes: options.heapBytes ?? this.profile?.heapBytes ?? 44 * 1024,
      lfs: options.lfs ?? true,
      lfsBytes: options.lfsBytes ?? DEFAULT_LFS_BYTES,
      chipId: options.chipId ?? 0x00e5a1c3,
    };
    this.clock = this.options.clock === "real" ? new RealClock((fn) => this.loop.post(fn)) : new VirtualClock();
    const files = options.files ?? readFirmwareFiles();
    this.flash = new FlashFs(files);
    this.lfs = new LfsRegion(this.options.lfsBytes);
    if (this.options.lfs) this.lfs.preload(lfsModules(files));
    const pins = new Pins(() => this.clock.now());
    this.pins = this.io = pins;
    this.timers = new TimerTable(this.clock, (id) => this.runLua((board) => board.timer(id)));
    // A reloaded image's modules run from the package's firmware sources (lfs.ts says why).
    const parts = { clock: this.clock, rx: this.rx, timers: this.timers, pins, flash: this.flash, lfs: this.lfs, lfsSources: () => lfsModules(readFirmwareFiles()) };
    this.host = boardHost(parts, {
      transmit: (id, bytes) => {
        const profile = this.profile;
        // uart.write returns once all but the transmit FIFO's worth is on the wire.
        if (id === 0 && profile !== undefined) this.clock.busyWait(this.txLine.write(bytes, this.clock.now(), profile.txFifoBytes));
        else this.transmit(id, bytes);
      },
      baudRate: (id, baud) => {
        if (id !== 0) return;
        this.uartBaud = baud;
        this.rxLine.setBaud(baud);
        this.txLine.setBaud(baud);
      },
      restart: () => this.halt(),
      fileLoaded: (name) => {
        if (name === "main.lua" || name === "main.lc") this.mainLoaded = true;
      },
      bootUs: () => this.bootAtUs,
    });
  }

  /** Powers a board on; resolves once it booted (and, with fastBoot, main.lua started). */
  static async create(options: EmulatorOptions = {}): Promise<NodeMcuEmulator> {
    const emulator = new NodeMcuEmulator(options);
    await emulator.reboot();
    return emulator;
  }

  /** UART0's speed as the firmware set it with uart.setup (115200 at boot). */
  get baudRate(): number {
    return this.uartBaud;
  }

  /** True while the board runs (not rebooting, not closed). */
  get running(): boolean {
    return this.state === "running";
  }

  get closed(): boolean {
    return this.state === "closed";
  }

  /** Bytes UART0 lost: overwritten in the full receive ring, or sent while the board was not listening. */
  get rxDropped(): number {
    return this.rx.dropped;
  }

  /**
   * Bytes arriving on UART0's receive line; the firmware gets them from the event loop. Sent at
   * another rate than UART0 listens at (`baud`, default its own), each arrives as garbage (0xFE).
   */
  receive(data: Uint8Array, baud = this.uartBaud): void {
    const bytes = baud === this.uartBaud ? data : new Uint8Array(data.length).fill(GARBLED);
    if (this.state !== "running") {
      if (this.state !== "closed") this.rx.dropped += bytes.length;
      return;
    }
    if (this.profile !== undefined) {
      this.rxLine.send(bytes, this.clock.now());
      this.kick();
      return;
    }
    // Without a board profile bytes take no time: each write lands in the ring whole, and the
    // board takes it before the next one lands, as a board that keeps up with the line would.
    this.writes.push(bytes);
    if (this.inputQueued) return;
    this.inputQueued = true;
    this.loop.post(() => {
      this.inputQueued = false;
      for (let w = this.writes.shift(); w !== undefined && this.state === "running"; w = this.writes.shift()) {
        this.rx.push(w);
        this.drainInput();
      }
      this.writes.length = 0;
    });
  }

  /** Calls `listener` with every chunk UART0 sends and the rate it sent it at; returns the unsubscriber. */
  onOutput(listener: (bytes: Uint8Array, baud: number) => void): () => void {
    return this.uarts.listen(listener);
  }

  /** Calls `listener` once when the emulator closes; returns the unsubscriber. */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Virtual clock only: moves time forward `ms` milliseconds, running every timer due on the way
   * at its time, in order, and the work each one causes. Resolves when done.
   */
  advance(ms: number): Promise<void> {
    const clock = this.clock;
    if (!(clock instanceof VirtualClock)) throw new Error("advance() needs the virtual clock");
    return this.loop.run(async () => {
      const target = clock.now() + Math.round(ms * 1000);
      await this.runDue(clock, target, () => false);
      clock.moveTo(target);
    }).then(() => this.settle());
  }

  /** Resolves once the board has nothing left to do now; throws an internal fault if one occurred. */
  async settle(): Promise<void> {
    await this.loop.idle();
    const fault = this.faults.shift();
    if (fault !== undefined) throw fault;
  }

  /** Presses reset (also how the board powers on). Resolves once it booted. */
  reboot(): Promise<void> {
    return this.loop.run(async () => {
      await this.boot();
      const clock = this.clock;
      const hasMain = this.flash.exists("main.lua") || this.flash.exists("main.lc");
      if (clock instanceof VirtualClock && this.options.fastBoot && this.options.startup === "init" && hasMain) {
        await this.runDue(clock, clock.now() + FAST_BOOT_LIMIT_US, () => this.mainLoaded);
      }
    });
  }

  /** Test control: runs Lua in the board's VM (as a task) and resolves with its first result. */
  evaluate(code: string): Promise<unknown> {
    let result: unknown;
    return this.loop
      .run(() => {
        if (this.board === undefined) throw new Error("the board is not running");
        result = this.board.evaluate(code);
      })
      .then(() => result);
  }

  /** Powers the board off for good; output listeners get no more data. */
  async close(): Promise<void> {
    if (this.state === "closed") return;
    this.state = "closed";
    this.clock.cancelAll();
    this.timers.clear();
    await this.loop.close();
    this.board?.close();
    this.board = undefined;
    for (const listener of this.closeListeners) listener();
    this.closeListeners.clear();
    this.uarts.unlistenAll();
  }

  /** Runs due virtual timers up to `limitUs` while `done()` is false; reboots in between. */
  private async runDue(clock: VirtualClock, limitUs: number, done: () => boolean): Promise<void> {
    while (!done() && (this.state === "running" || this.state === "halted")) {
      if (this.state === "halted") await this.boot();
      const fn = clock.takeDue(limitUs);
      if (fn === undefined) return;
      fn();
    }
  }

  private async boot(): Promise<void> {
    this.state = "booting";
    this.board?.close();
    this.board = undefined;
    this.timers.clear();
    this.rx.reset();
    this.io.reset();
    this.uartBaud = DEFAULT_BAUD;
    this.mainLoaded = false;
    this.bootAtUs = this.clock.now();
    this.rxLine.clear();
    this.txLine.clear();
    this.rxLine.setBaud(DEFAULT_BAUD);
    this.txLine.setBaud(DEFAULT_BAUD);
    const board = await LuaBoard.create(this.factory, this.host, {
      heapBytes: this.options.heapBytes,
      chipId: this.options.chipId,
      countEvery: this.profile === undefined ? 0 : COUNT_EVERY,
    });
    if (this.state !== "booting") {
      board.close();
      return;
    }
    this.board = board;
    this.state = "running";
    if (this.options.banner) this.transmit(0, text(BANNER));
    const script = this.options.startup === "main" ? "main.lua" : "init.lua";
    if (!this.flash.exists(script)) this.transmit(0, text(`lua: cannot open ${script}\n`));
    else {
      const error = board.runFile(script);
      if (error !== undefined) {
        this.record("startup", error);
        this.transmit(0, text(`lua: ${error}\n`));
      }
    }
    if (this.state === "running" && this.rx.config.runInput) this.transmit(0, PROMPT);
  }

  /** Runs `call` on the board if it is up; an error it returns is a panic. Inside a task. */
  private runLua(call: (board: LuaBoard) => string | undefined): void {
    if (this.state !== "running" || this.board === undefined) return;
    const board = this.board;
    const error = call(board);
    const profile = this.profile;
    if (profile !== undefined) {
      // The board was busy for what it executed; bytes that came meanwhile wait in the ring.
      const executed = board.takeExecuted();
      this.instructions += executed;
      this.clock.busyWait((executed * profile.nsPerInstruction) / 1000);
      this.rx.push(this.rxLine.arrived(this.clock.now()));
    }
    if (error !== undefined) this.panic(error);
  }

  /** Board profile: lets the board run (pumpStep) on a later turn, so the host may act first. */
  private kick(): void {
    if (this.pumpQueued || this.state === "closed") return;
    this.pumpQueued = true;
    setImmediate(() =>
      this.loop.post(() => {
        this.pumpQueued = false;
        this.pumpStep();
      }),
    );
  }

  /**
   * Board profile: moves the virtual clock from event to event (a byte through the line, a write
   * out to the host, a timer), running what each causes, until nothing is left to do. It pauses
   * after output reaches the host, so the host answers at that moment of the board's time, and
   * every few events, so a board running timers never holds up the host.
   */
  private pumpStep(): void {
    const clock = this.clock as VirtualClock;
    for (let events = 0; events < 64 && this.state === "running"; events++) {
      const arrived = this.rxLine.arrived(clock.now());
      if (arrived.length > 0 || this.rx.pending > 0) {
        this.rx.push(arrived);
        this.drainInput();
      }
      const out = this.txLine.due(clock.now());
      for (const w of out) this.uarts.transmit(0, w.bytes, w.baud);
      if (out.length > 0) break;
      const next = [this.rxLine.nextAtUs(), this.txLine.nextAtUs(), clock.nextDueUs()].filter((t) => t !== undefined);
      if (next.length === 0) return;
      const at = Math.min(...next);
      const fn = clock.takeDue(at);
      clock.moveTo(at);
      fn?.();
    }
    this.kick();
  }

  private drainInput(): void {
    this.rx.drain({
      data: (bytes) => {
        this.runLua((board) => board.uartData(bytes));
        return this.state === "running";
      },
      line: (bytes) => {
        this.runLua((board) => {
          board.replLine(bytes);
          return undefined;
        });
        return this.state === "running";
      },
      send: (bytes) => this.transmit(0, bytes),
    });
  }

  private panic(error: string): void {
    this.record("callback", error);
    this.halt();
    this.transmit(0, text(`${error}\n`));
  }

  /** The board stops and reboots once the running task ends (an async reboot is a task too). */
  private halt(): void {
    if (this.state !== "running") return;
    this.state = "halted";
    this.loop.post(async () => {
      if (this.state === "halted") await this.boot();
    });
  }

  private record(during: PanicRecord["during"], error: string): void {
    const at = error.indexOf("\nstack traceback:\n");
    const message = at < 0 ? error : error.slice(0, at);
    this.panics.push({ timeUs: this.clock.now(), during, message, traceback: at < 0 ? "" : error.slice(at + 1) });
  }

  private transmit(id: number, bytes: Uint8Array): void {
    this.uarts.transmit(id, bytes, this.uartBaud);
  }
}
