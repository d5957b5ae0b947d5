/**
 * NodeMCU's Lua prompt over a Link, one line at a time: `exec` types a line and resolves with
 * what the board printed once the prompt "> " is back. Only one line is ever in flight, so the
 * board's 256-byte receive ring never overflows.
 */
import type { Link } from "../../io/link.ts";
import { FlashError } from "./errors.ts";

const PROMPT = "> ";
const CONTINUATION = ">> ";
/** What firmware/nodemcu/init.lua prints when it will start spikeloop in 3 s, and when it will not after all. */
const AUTOSTART = "spikeloop: starting in";
const STAYING = "staying at the Lua prompt";
/** init.lua's delay, and a margin. */
const AUTOSTART_MS = 3500;

export class LuaPrompt {
  readonly #link: Link;
  /** What the board sent since the current line was typed (Latin-1). */
  #received = "";
  #notify: (() => void) | undefined;
  #ended = false;
  /** What init.lua said since the link opened (opening a board's port may reset it). */
  #boot: "quiet" | "autostarting" | "staying" = "quiet";
  #tail = "";

  constructor(link: Link) {
    this.#link = link;
    void this.#pump();
  }

  async #pump(): Promise<void> {
    for (let chunk = await this.#link.read().catch(() => null); chunk !== null; chunk = await this.#link.read().catch(() => null)) {
      const text = Buffer.from(chunk).toString("latin1");
      this.#received += text;
      // The latest of init.lua's two messages counts; the tail keeps one split across chunks.
      this.#tail = (this.#tail + text).slice(-256);
      const autostart = this.#tail.lastIndexOf(AUTOSTART);
      const staying = this.#tail.lastIndexOf(STAYING);
      if (autostart !== staying) this.#boot = autostart > staying ? "autostarting" : "staying";
      this.#notify?.();
    }
    this.#ended = true;
    this.#notify?.();
  }

  /**
   * Presses Enter until the prompt answers; throws FlashError "no-prompt" when it does not
   * within `timeoutMs` (the board runs the firmware, or is not a NodeMCU at that speed).
   */
  async wake(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      this.#received = "";
      await this.#write("\n");
      const answered = await this.#until(() => this.#received.endsWith(PROMPT), Math.min(1000, deadline - Date.now()));
      // FLASH held through the countdown keeps the prompt; otherwise spikeloop takes UART0.
      if (this.#boot === "autostarting" && !(await this.#until(() => this.#boot === "staying", AUTOSTART_MS))) {
        throw new FlashError(
          "no-prompt",
          `${this.#link.path}: the board just reset and will start spikeloop in 3 s, which takes the Lua prompt away. ` +
            "Fix: hold its FLASH button while pressing RST (keep it held 3 s) so it stays at the Lua prompt, then flash again",
        );
      }
      if (answered) return;
    }
    throw new FlashError(
      "no-prompt",
      `${this.#link.path}: no Lua prompt answered within ${timeoutMs} ms. Fix: if spikeloop already runs on the board, ` +
        "hold its FLASH button while pressing RST (keep it held 3 s) so it stays at the Lua prompt, then flash again",
    );
  }

  /** Types `line`; resolves with the board's output lines (without the echo) once the prompt is back. */
  async exec(line: string, timeoutMs: number): Promise<string[]> {
    this.#received = "";
    await this.#write(`${line}\n`);
    const done = await this.#until(() => this.#received.includes("\n") && this.#received.endsWith(PROMPT), timeoutMs);
    if (!done) {
      if (this.#ended) throw new FlashError("closed", `${this.#link.path}: the connection closed while the board ran a command`);
      throw new FlashError("timeout", `${this.#link.path}: the board did not come back to the prompt within ${timeoutMs} ms`);
    }
    if (this.#received.endsWith(CONTINUATION)) {
      await this.#write("\x03\n"); // ends the unfinished chunk: it no longer parses
      throw new FlashError("prompt-error", `${this.#link.path}: the prompt took a line as unfinished Lua`);
    }
    const lines = this.#received.split(/\r?\n/);
    return lines.slice(1, -1).map((l) => l.replace(/\r$/, ""));
  }

  /** Types `line` and does not wait (node.restart: the prompt does not come back). */
  send(line: string): Promise<void> {
    return this.#write(`${line}\n`);
  }

  #write(text: string): Promise<void> {
    return this.#link.write(new Uint8Array(Buffer.from(text, "latin1")));
  }

  /** Resolves true once `ready()` holds, false after `ms` or when the link ended. */
  #until(ready: () => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (value: boolean): void => {
        clearTimeout(timer);
        this.#notify = undefined;
        resolve(value);
      };
      const timer = setTimeout(() => finish(ready()), Math.max(0, ms));
      this.#notify = () => {
        if (ready()) finish(true);
        else if (this.#ended) finish(false);
      };
      this.#notify();
    });
  }
}
