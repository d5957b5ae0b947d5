/**
 * `spikeloop ports`. On Linux serialport lists ports by reading udev's database with
 * `udevadm info -e`; these tests put a stand-in udevadm (a shell script printing a database of
 * the same format) on the child's PATH, or none at all.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "spikeloop-ports-"));

/** A directory holding only a udevadm that prints `database`. */
function udevWith(name: string, database: string): string {
  const bin = join(dir, name);
  mkdirSync(bin);
  writeFileSync(join(bin, "udevadm.db"), database);
  writeFileSync(join(bin, "udevadm"), `#!/bin/sh\nexec /bin/cat ${join(bin, "udevadm.db")}\n`);
  chmodSync(join(bin, "udevadm"), 0o755);
  return bin;
}

function ports(path: string) {
  return spawnSync(process.execPath, [CLI, "ports"], { encoding: "utf8", env: { ...process.env, PATH: path } });
}

// A NodeMCU v2 (CP2102 USB bridge) and a keyboard, as `udevadm info -e` prints them.
const DATABASE = `P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/ttyUSB0/tty/ttyUSB0
N: ttyUSB0
E: DEVNAME=/dev/ttyUSB0
E: ID_VENDOR_ENC=Silicon\\x20Labs
E: ID_VENDOR_ID=10c4
E: ID_MODEL_ID=ea60
E: ID_SERIAL_SHORT=0001
E: DEVLINKS=/dev/serial/by-id/usb-Silicon_Labs_CP2102_USB_to_UART_Bridge_Controller_0001-if00-port0

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/input/input5/event5
N: input/event5
E: DEVNAME=/dev/input/event5

`;

describe("spikeloop ports", () => {
  it("lists each serial port with its maker, USB ids and serial number", () => {
    const result = ports(udevWith("one-board", DATABASE));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("/dev/ttyUSB0  Silicon Labs  10c4:ea60  0001\n");
  });

  it("says so when there is none", () => {
    const result = ports(udevWith("no-board", ""));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("no serial ports found");
  });

  it("explains in one line, with the fix, where ports cannot be listed (no udevadm), exit 1", () => {
    const empty = join(dir, "no-udev");
    mkdirSync(empty);
    const result = ports(empty);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^spikeloop ports: cannot list serial ports here \(.*udevadm.*\)\. Fix: install udev/);
  });

  it("refuses arguments it does not know", () => {
    const extra = spawnSync(process.execPath, [CLI, "ports", "--all"], { encoding: "utf8" });
    expect(extra.status).not.toBe(0);
    expect(extra.stderr).toContain("--all");
  });
});
