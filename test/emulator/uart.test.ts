/**
 * The emulated NodeMCU uart module: boot, the Lua prompt, uart.on's delivery modes, the 256-byte
 * receive ring, uart.write, panics in callbacks.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type EmulatorOptions, NodeMcuEmulator } from "../../src/emulator/index.ts";
import { fixture, latin1, text } from "../fixtures/emulator/fixtures.ts";

let emu: NodeMcuEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function boot(options: EmulatorOptions = {}): Promise<NodeMcuEmulator> {
  emu = await NodeMcuEmulator.create({ files: fixture("echo"), ...options });
  return emu;
}

/** Sends `data`, lets the board react, and returns what it sent meanwhile. */
async function exchange(board: NodeMcuEmulator, data: string): Promise<string> {
  board.output.clear();
  board.receive(latin1(data));
  await board.settle();
  return board.output.text();
}

describe("boot", () => {
  it("prints the banner, runs init.lua, shows the prompt and fast-forwards to main.lua", async () => {
    const board = await boot();
    const out = board.output.text();
    expect(out).toMatch(/^\nNodeMCU 3\.0\.0\.0/);
    expect(out).toContain("init: starting main.lua in 3 s\n> ");
    expect(out.endsWith("\xf9\x02\x06")).toBe(true);
    expect(board.clock.now()).toBe(3_000_000);
    expect(await board.evaluate("return tmr.now()")).toBe(3_000_000);
  });

  it("waits for init.lua's timer in virtual time without fastBoot", async () => {
    const board = await boot({ fastBoot: false, banner: false });
    expect(board.output.text()).toBe("init: starting main.lua in 3 s\n> ");
    await board.advance(2999);
    expect(board.output.bytesWritten).toBe(33);
    await board.advance(1);
    expect(board.output.lastWrite).toEqual(Uint8Array.of(0xf9, 2, 6));
  });

  it("starts main.lua directly with startup 'main'", async () => {
    const board = await boot({ startup: "main", banner: false });
    expect(board.clock.now()).toBe(0);
    expect(board.output.bytes()).toEqual(Uint8Array.of(0xf9, 2, 6));
  });

  it("says so when the startup script is missing", async () => {
    const board = await boot({ files: {}, banner: false });
    expect(board.output.text()).toBe("lua: cannot open init.lua\n> ");
  });
});

describe("the Lua prompt (run_input 1)", () => {
  it("echoes, runs complete lines, prints =expressions and errors", async () => {
    const board = await boot({ files: {}, banner: false });
    expect(await exchange(board, "x = 6 * 7\r\n")).toBe("x = 6 * 7\n> ");
    expect(await exchange(board, "=x\n")).toBe("=x\n42\n> ");
    expect(await exchange(board, "print(nil .. 1)\n")).toMatch(/^print\(nil \.\. 1\)\nstdin:1: attempt to concatenate a nil value\n> $/);
    expect(await exchange(board, "for i = 1, 2 do\n")).toBe("for i = 1, 2 do\n>> ");
    expect(await exchange(board, "print(i) end\n")).toBe("print(i) end\n1\n2\n> ");
    expect(await exchange(board, "\n")).toBe("\n> ");
    expect(board.panics).toEqual([]);
  });

  it("edits with backspace and routes print through node.output", async () => {
    const board = await boot({ files: {}, banner: false });
    expect(await exchange(board, "=1+22\b\n")).toBe("=1+22\b \b\n3\n> ");
    await exchange(board, "seen = {} node.output(function(s) seen[#seen + 1] = s end, 0)\n");
    expect(await exchange(board, "print('quiet')\n")).toBe("print('quiet')\n> ");
    expect(await board.evaluate("return seen[1]")).toBe("quiet\n");
  });
});

describe("uart.on delivery (run_input 0)", () => {
  it("delivers up to and including the end character, keeping a partial chunk for later", async () => {
    const board = await boot({ startup: "main", banner: false });
    expect(await exchange(board, "ab\xf7cd")).toBe("<ab\xf7>");
    expect(await exchange(board, "e\xf7")).toBe("<cde\xf7>");
  });

  it("delivers a chunk of 256 bytes when no end character came", async () => {
    const board = await boot({ startup: "main", banner: false });
    expect(await exchange(board, "x".repeat(255))).toBe("");
    expect(await exchange(board, "yz\xf7")).toBe(`<${"x".repeat(255)}y><z\xf7>`);
  });

  it("delivers every n bytes, and every byte with n = 0", async () => {
    const board = await boot({ startup: "main", banner: false });
    await board.evaluate(`uart.on("data", 3, function(d) uart.write(0, "[", d, "]") end, 0)`);
    expect(await exchange(board, "abcdefg")).toBe("[abc][def]");
    await board.evaluate(`uart.on("data", 0, function(d) uart.write(0, "(", d, ")") end, 0)`);
    // "g" stays in the line buffer, which per-byte delivery bypasses (as input.c does).
    expect(await exchange(board, "hi")).toBe("(h)(i)");
  });

  it("delivers nothing synchronously: bytes wait for the event loop", async () => {
    const board = await boot({ startup: "main", banner: false });
    board.output.clear();
    board.receive(latin1("now\xf7"));
    expect(board.output.bytesWritten).toBe(3);
    await board.settle();
    expect(board.output.text()).toBe("<now\xf7>");
  });

  it("keeps only the newest 256 bytes when the ring overflows before the board reads", async () => {
    const board = await boot({ startup: "main", banner: false });
    const burst = Array.from({ length: 300 }, (_, i) => String.fromCharCode(i % 200)).join("") + "\xf7";
    const out = await exchange(board, burst);
    expect(board.rxDropped).toBe(45);
    expect(out).toBe(`<${burst.slice(45)}>`);
  });

  it("goes back to the prompt when the callback is removed", async () => {
    const board = await boot({ startup: "main", banner: false });
    await board.evaluate(`uart.on("data")`);
    expect(await exchange(board, "=1\n")).toBe("1\n> ");
  });

  it("rejects bad arguments with NodeMCU's messages", async () => {
    const board = await boot({ startup: "main", banner: false });
    await expect(board.evaluate(`uart.on("data", 300, print, 0)`)).rejects.toThrow("bad argument #2 to 'on' (wrong arg range)");
    await expect(board.evaluate(`uart.on("data", "ab", print, 0)`)).rejects.toThrow("wrong arg range");
    await expect(board.evaluate(`uart.on("sent", print)`)).rejects.toThrow("method not supported");
    await expect(board.evaluate(`uart.write(2, "x")`)).rejects.toThrow("uart 2 does not exist");
    await expect(board.evaluate(`uart.write(0, 256)`)).rejects.toThrow("invalid number");
    await expect(board.evaluate(`uart.alt(1)`)).rejects.toThrow("uart.alt is not supported by spikeloop's NodeMCU emulator");
  });
});

describe("uart.write and uart.setup", () => {
  it("writes strings and byte numbers in order; UART1 output is kept apart", async () => {
    const board = await boot({ startup: "main", banner: false });
    board.output.clear();
    await board.evaluate(`uart.write(0, "A", 0, 255, "\\0z") uart.write(1, "debug")`);
    expect(board.output.bytes()).toEqual(Uint8Array.of(65, 0, 255, 0, 122));
    expect(text(board.uart1.bytes())).toBe("debug");
  });

  it("tracks the baud rate and configuration uart.setup sets", async () => {
    const board = await boot({ startup: "main", banner: false });
    expect(await board.evaluate(`return uart.setup(0, 57600, 8, uart.PARITY_NONE, uart.STOPBITS_1, 0)`)).toBe(57600);
    expect(board.baudRate).toBe(57600);
    expect(await board.evaluate(`return select(2, uart.getconfig(0))`)).toBe(8);
  });
});

describe("panics", () => {
  it("prints the error, records it and reboots into a fresh VM", async () => {
    const board = await boot({ banner: false });
    await board.evaluate("marker = true");
    const out = await exchange(board, "boom\xf7");
    expect(out).toMatch(/^main\.lua:6: boom requested\nstack traceback:\n/);
    expect(board.panics).toHaveLength(1);
    expect(board.panics[0]).toMatchObject({ during: "callback", message: "main.lua:6: boom requested", timeUs: 3_000_000 });
    expect(out).toContain("init: starting main.lua in 3 s\n> ");
    expect(await board.evaluate("return marker")).toBe(null);
    await board.advance(3000);
    expect(board.output.lastWrite).toEqual(Uint8Array.of(0xf9, 2, 6));
    expect(await board.evaluate("return tmr.now()")).toBe(3_000_000);
  });

  it("node.restart reboots after the callback returns; reboot() is the reset button", async () => {
    const board = await boot({ banner: false });
    await exchange(board, "restart\xf7");
    expect(board.output.text()).toContain("<restart\xf7>init: starting main.lua");
    board.output.clear();
    await board.reboot();
    expect(board.output.text()).toBe("init: starting main.lua in 3 s\n> \xf9\x02\x06");
    expect(board.panics).toEqual([]);
  });

  it("drops bytes sent while the board reboots", async () => {
    const board = await boot({ banner: false });
    const unsubscribe = board.onOutput(() => {
      if (!board.running) board.receive(latin1("lost\xf7"));
    });
    await exchange(board, "boom\xf7");
    unsubscribe();
    expect(board.rxDropped).toBe(5);
    await board.advance(3000);
    expect(await exchange(board, "ok\xf7")).toBe("<ok\xf7>");
  });
});
