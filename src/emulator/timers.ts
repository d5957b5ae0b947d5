/**
 * The ESP8266's software timers as NodeMCU's tmr uses them: which timer ids are armed and when
 * they expire. Modes and callbacks live in the Lua tmr module (lua/tmr.lua); an auto-repeating
 * timer re-arms itself one interval after its previous expiry, so it does not drift.
 */
import type { Clock } from "./clock.ts";

interface Arming {
  cancel: () => void;
}

export class TimerTable {
  private readonly armed = new Map<number, Arming>();

  /** `expire(id)` runs inside the event loop when timer `id` expires. */
  constructor(
    private readonly clock: Clock,
    private readonly expire: (id: number) => void,
  ) {}

  /** (Re)arms timer `id` to expire `intervalMs` from now, and every `intervalMs` if `repeat`. */
  arm(id: number, intervalMs: number, repeat: boolean): void {
    this.disarm(id);
    const intervalUs = intervalMs * 1000;
    const arming: Arming = { cancel: () => undefined };
    const at = (dueUs: number): void => {
      arming.cancel = this.clock.schedule(dueUs, () => {
        // An expiry already handed to the event loop is void once its arming is replaced or gone.
        if (this.armed.get(id) !== arming) return;
        if (repeat) at(dueUs + intervalUs);
        else this.armed.delete(id);
        this.expire(id);
      });
    };
    this.armed.set(id, arming);
    at(this.clock.now() + intervalUs);
  }

  disarm(id: number): void {
    this.armed.get(id)?.cancel();
    this.armed.delete(id);
  }

  /** Disarms every timer (a reboot). */
  clear(): void {
    for (const arming of this.armed.values()) arming.cancel();
    this.armed.clear();
  }
}
