/**
 * UART0's receive path on NodeMCU (app/driver/uart.c and input.c): received bytes land in a
 * 256-byte ring that overwrites its oldest byte when full; the input task then empties the ring
 * into a 256-byte line buffer and hands it out according to `uart.on`:
 * - run_input 0: to the data callback every `n` bytes (`n` = 0: every byte), or at the end
 *   character, or when the line buffer fills;
 * - run_input 1 (the Lua prompt): CR/LF end a line, BS/DEL edit it, typed bytes are echoed; each
 *   line goes to the callback (if any) and to the interpreter.
 */

export const RX_RING_BYTES = 256;
/** LUA_MAXINPUT: the line buffer the input task assembles callback chunks and prompt lines in. */
export const LINE_BUFFER_BYTES = 256;

const CR = 0x0d;
const LF = 0x0a;
const BS = 0x08;
const DEL = 0x7f;
const BS_OVER = Uint8Array.of(BS, 0x20, BS);

/** What `uart.on` configured (input_setup_receive). */
export interface ReceiveConfig {
  /** n of `uart.on("data", n, …)`; -1 with an end character. */
  dataLen: number;
  /** The end character (0 unless given: NodeMCU then also ends a chunk at a NUL byte). */
  endChar: number;
  runInput: boolean;
  hasCallback: boolean;
}

/** Where the input task delivers; `data` and `line` return false once the board has stopped. */
export interface ReceiveSink {
  data(bytes: Uint8Array): boolean;
  line(bytes: Uint8Array): boolean;
  /** Echo and prompt bytes, straight out of UART0. */
  send(bytes: Uint8Array): void;
}

export const PROMPT = new TextEncoder().encode("> ");

export class UartReceiver {
  config: ReceiveConfig = { dataLen: 0, endChar: 0, runInput: true, hasCallback: false };
  echo = true;
  /** Bytes lost: overwritten in the full ring, or arriving while the board was not listening. */
  dropped = 0;
  private readonly ring = new Uint8Array(RX_RING_BYTES);
  private head = 0;
  private count = 0;
  private readonly line = new Uint8Array(LINE_BUFFER_BYTES);
  private linePos = 0;
  private lastChar = 0;

  /** Bytes waiting in the ring. */
  get pending(): number {
    return this.count;
  }

  /** Back to the state after boot. `dropped` keeps counting. */
  reset(): void {
    this.config = { dataLen: 0, endChar: 0, runInput: true, hasCallback: false };
    this.echo = true;
    this.head = this.count = this.linePos = this.lastChar = 0;
  }

  /** Bytes arriving on the wire (the receive interrupt). */
  push(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.count === RX_RING_BYTES) {
        this.head = (this.head + 1) % RX_RING_BYTES;
        this.count--;
        this.dropped++;
      }
      this.ring[(this.head + this.count) % RX_RING_BYTES] = b;
      this.count++;
    }
  }

  /** The input task: empties the ring into the sink; stops early once the board stopped. */
  drain(sink: ReceiveSink): void {
    while (this.count > 0) {
      const ch = this.ring[this.head];
      this.head = (this.head + 1) % RX_RING_BYTES;
      this.count--;
      const ok = this.config.runInput ? this.interactive(ch, sink) : this.raw(ch, sink);
      if (!ok) return;
    }
  }

  private raw(ch: number, sink: ReceiveSink): boolean {
    const { dataLen, endChar, hasCallback } = this.config;
    if (!hasCallback) return true;
    if (dataLen === 0) return sink.data(Uint8Array.of(ch));
    this.line[this.linePos++] = ch;
    if (this.linePos >= LINE_BUFFER_BYTES || (dataLen > 0 && this.linePos >= dataLen) || ch === endChar) {
      return sink.data(this.takeLine());
    }
    return true;
  }

  private interactive(ch: number, sink: ReceiveSink): boolean {
    if ((ch === CR && this.lastChar === LF) || (ch === LF && this.lastChar === CR)) {
      this.lastChar = 0;
      return true;
    }
    if (ch === DEL || ch === BS) {
      if (this.linePos > 0) {
        if (this.echo) sink.send(BS_OVER);
        this.linePos--;
      }
      this.lastChar = 0;
      return true;
    }
    this.lastChar = ch;
    if (ch === CR || ch === LF) {
      if (this.echo) sink.send(Uint8Array.of(LF));
      if (this.config.hasCallback && !sink.data(this.line.slice(0, this.linePos))) return false;
      if (this.linePos === 0) {
        sink.send(PROMPT);
        return true;
      }
      this.line[this.linePos++] = LF;
      return sink.line(this.takeLine());
    }
    if (this.echo) sink.send(Uint8Array.of(ch));
    if (this.linePos + 1 >= LINE_BUFFER_BYTES) this.linePos = 0;
    this.line[this.linePos++] = ch;
    return true;
  }

  private takeLine(): Uint8Array {
    const bytes = this.line.slice(0, this.linePos);
    this.linePos = 0;
    return bytes;
  }
}
