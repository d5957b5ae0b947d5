/**
 * The board's flash filesystem (SPIFFS): flat, so "shared/wire/frame.lua" is one file name. It keeps
 * its files across reboots, like the real flash.
 */

/** File name → contents (text is stored as UTF-8). */
export type FlashFiles = Record<string, string | Uint8Array>;

/** Room in the SPIFFS partition of a 4 MB NodeMCU board (about 3 MB). */
export const FLASH_BYTES = 3 * 1024 * 1024;

export class FlashFs {
  private readonly files = new Map<string, Uint8Array>();

  constructor(initial: FlashFiles = {}) {
    for (const [name, data] of Object.entries(initial)) this.write(name, data);
  }

  read(name: string): Uint8Array | undefined {
    return this.files.get(name);
  }

  /** False when the flash has no room for it. */
  write(name: string, data: string | Uint8Array): boolean {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : Uint8Array.from(data);
    if (this.used() - (this.files.get(name)?.length ?? 0) + bytes.length > FLASH_BYTES) return false;
    this.files.set(name, bytes);
    return true;
  }

  exists(name: string): boolean {
    return this.files.has(name);
  }

  remove(name: string): void {
    this.files.delete(name);
  }

  /** False when `from` is missing or `to` exists. */
  rename(from: string, to: string): boolean {
    const data = this.files.get(from);
    if (data === undefined || this.files.has(to)) return false;
    this.files.delete(from);
    this.files.set(to, data);
    return true;
  }

  /** Every file with its size, in name order. */
  list(): Array<[string, number]> {
    return [...this.files].map(([name, data]) => [name, data.length] as [string, number]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  used(): number {
    let total = 0;
    for (const data of this.files.values()) total += data.length;
    return total;
  }
}
