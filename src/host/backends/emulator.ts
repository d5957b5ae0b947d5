/**
 * The wire backends: the host client drives a device over a Link and records the trace — the
 * in-process emulated NodeMCU board (`--backend emulator`), or the firmware under an external
 * Lua behind a pseudo-terminal (`--backend emulator --lua lua5.1`). States travel as F64 (I32 for
 * int layers), so a trace equals the `lua` backend's bit for bit.
 */
import { NodeMcuEmulator, type PtyBridge, SocatError, openEmulatorLink, startExternalLuaPty } from "../../emulator/index.ts";
import type { LayerSpec } from "../config.ts";
import type { Currents } from "../currents.ts";
import { Device, type DeviceOptions } from "../client/device.ts";
import { spawnProcessLink } from "../client/process-link.ts";
import { openSerialLink } from "../client/serial-link.ts";
import type { Link } from "../../io/link.ts";
import type { Backend, Trace } from "./backend.ts";

export interface WireBackendOptions {
  /** Opens the link to the device; called once, on the first simulate(). */
  openLink: () => Promise<Link>;
  /** The backend's name in summaries. */
  name: string;
  device?: DeviceOptions;
}

/** A backend over any link: one Device, configured afresh for every simulate(). */
export function createWireBackend(options: WireBackendOptions): Backend {
  let device: Promise<Device> | undefined;
  return {
    name: options.name,
    async simulate(spec: LayerSpec, currents: Currents): Promise<Trace> {
      device ??= options.openLink().then((link) => Device.open(link, options.device));
      const d = await device;
      await d.configure(spec);
      return d.run(currents, { states: true, encoding: spec.dtype === "int" ? "i32" : "f64" });
    },
    async close() {
      await device?.then((d) => d.close(), () => undefined);
    },
  };
}

/** `link`, whose close() also ends `owner` (the emulator or the pty it reaches the device by). */
function owning(link: Link, owner: { close(): Promise<void> }): Link {
  return {
    path: link.path,
    read: () => link.read(),
    write: (data) => link.write(data),
    close: async () => {
      await link.close();
      await owner.close();
    },
  };
}

/**
 * Free heap of the board `simulate` emulates: an ESP32's (320 KiB) rather than an ESP8266's
 * 44 KiB, so every layer the host accepts (up to MAX_NEURONS) fits. `spikeloop emulate` and
 * `run` keep the ESP8266's heap, where the firmware refuses layers over 64 neurons as a real
 * ESP8266 would.
 */
const SIMULATE_HEAP_BYTES = 320 * 1024;

/** A link to a fresh in-process emulated board with simulate's heap. */
export async function emulatedBoard(): Promise<Link> {
  const emulator = await NodeMcuEmulator.create({ heapBytes: SIMULATE_HEAP_BYTES });
  return owning(openEmulatorLink(emulator), emulator);
}

/** The firmware under an external Lua ended, and said why on its stderr. */
export class ExternalLuaError extends Error {
  constructor(lua: string, stderr: string, cause: unknown) {
    super(`the firmware under ${lua} ended; it said:\n${stderr}`, { cause });
    this.name = "ExternalLuaError";
  }
}

/** How long a dying interpreter gets to finish writing its stderr. */
const EXIT_GRACE_MS = 1000;

/**
 * `error` from a run under an external Lua, or, when the interpreter ended and wrote to its
 * stderr, an ExternalLuaError quoting it: "the connection closed" alone hides a Lua error.
 */
async function explainExit(lua: string, pty: PtyBridge, error: unknown): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([pty.exited, new Promise((resolve) => (timer = setTimeout(resolve, EXIT_GRACE_MS)))]);
  clearTimeout(timer);
  const stderr = pty.programErrors().trim();
  return stderr === "" ? error : new ExternalLuaError(lua, stderr, error);
}

/** A link to the firmware under the external Lua `lua`, behind a pty (and the pty, for its stderr). */
export async function externalLua(lua: string): Promise<{ link: Link; pty: PtyBridge }> {
  // socat would start and the pty vanish; a missing interpreter is clearer said by its name.
  await (await spawnProcessLink(lua, ["-v"])).close();
  const pty = await startExternalLuaPty({ lua }).catch((error: unknown) => {
    throw error instanceof SocatError && error.programErrors !== "" ? new ExternalLuaError(lua, error.programErrors, error) : error;
  });
  try {
    return { link: owning(await openSerialLink(pty.path), pty), pty };
  } catch (err) {
    // An interpreter that dies at once takes the pty with it before the port opens: its stderr says why.
    const explained = await explainExit(lua, pty, err);
    await pty.close();
    throw explained;
  }
}

/** The wire backend over the firmware under `lua`; its failures carry the interpreter's stderr. */
function externalLuaBackend(lua: string): Backend {
  let pty: PtyBridge | undefined;
  const backend = createWireBackend({
    name: `emulator/${lua}`,
    openLink: async () => {
      const started = await externalLua(lua);
      pty = started.pty;
      return started.link;
    },
  });
  return {
    name: backend.name,
    async simulate(spec: LayerSpec, currents: Currents): Promise<Trace> {
      try {
        return await backend.simulate(spec, currents);
      } catch (error) {
        throw pty === undefined ? error : await explainExit(lua, pty, error);
      }
    },
    close: () => backend.close(),
  };
}

export interface EmulatorBackendOptions {
  /** Run the firmware under this external Lua (lua5.1, lua5.3, luajit…) behind a pty instead. */
  lua?: string;
}

export function createEmulatorBackend(options: EmulatorBackendOptions = {}): Backend {
  const lua = options.lua;
  return lua === undefined
    ? createWireBackend({ name: "emulator", openLink: emulatedBoard })
    : externalLuaBackend(lua);
}
