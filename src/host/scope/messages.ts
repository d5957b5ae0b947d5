/**
 * What the page may send, checked field by field before anything reaches the board: a message
 * that is not one of these, or has a value out of range, gets a `MessageError` (the server sends
 * its text back as {type: "error"}) and changes nothing.
 *
 *   {"type": "pause"}   {"type": "resume"}
 *   {"type": "gain", "value": 1.5}                       the slider, 0 to MAX_GAIN
 *   {"type": "edit", "beta": 0.9, "threshold": 1, "reset": "zero"}   any of the three
 *   {"type": "show", "neurons": [0, 1, 2]}               up to MAX_SHOWN neurons to draw
 *   {"type": "view", "layer": 0}                         a network's layer to show
 */
import { MAX_GAIN } from "./live-input.ts";
import type { LiveEdit } from "./live-run.ts";

/** Neurons whose membrane the page draws at once. */
export const MAX_SHOWN = 8;
/** Longest message the server reads, in bytes (the ws server closes with 1009 beyond it). */
export const MAX_MESSAGE_BYTES = 1024;
/** The largest threshold an edit may set. */
export const MAX_THRESHOLD = 1e6;

export type ClientMessage =
  | { type: "pause" }
  | { type: "resume" }
  | { type: "gain"; value: number }
  | ({ type: "edit" } & LiveEdit)
  | { type: "show"; neurons: number[] }
  | { type: "view"; layer: number };

export class MessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MessageError";
  }
}

const RESETS = ["subtract", "zero", "none"] as const;
const KEYS: Record<ClientMessage["type"], string[]> = {
  pause: [],
  resume: [],
  gain: ["value"],
  edit: ["beta", "threshold", "reset"],
  show: ["neurons"],
  view: ["layer"],
};

/**
 * Parses one message of the page for a layer of `neurons` neurons (the shown layer of a network
 * of `layers` layers); throws MessageError.
 */
export function parseClientMessage(text: string, neurons: number, layers = 1): ClientMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new MessageError("not JSON");
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new MessageError("expected a JSON object with a type");
  const m = raw as Record<string, unknown>;
  const type = m.type;
  if (typeof type !== "string" || !Object.hasOwn(KEYS, type)) {
    throw new MessageError(`unknown message type ${JSON.stringify(type)} (expected ${Object.keys(KEYS).join(", ")})`);
  }
  const allowed = KEYS[type as ClientMessage["type"]];
  for (const key of Object.keys(m)) {
    if (key !== "type" && !allowed.includes(key)) throw new MessageError(`${type}: unknown field "${key}"`);
  }
  switch (type) {
    case "pause":
    case "resume":
      return { type };
    case "gain":
      return { type, value: numberIn(m.value, "gain.value", 0, MAX_GAIN) };
    case "edit":
      return { type, ...parseEdit(m) };
    case "view": {
      const layer = m.layer;
      if (typeof layer !== "number" || !Number.isInteger(layer) || layer < 0 || layer >= layers) {
        throw new MessageError(layers === 1 ? "view: only a network's scope has layers to pick" : `view.layer: expected a layer of 0 to ${layers - 1}, got ${JSON.stringify(layer)}`);
      }
      return { type, layer };
    }
    default:
      return { type: "show", neurons: parseShown(m.neurons, neurons) };
  }
}

function parseEdit(m: Record<string, unknown>): LiveEdit {
  const edit: LiveEdit = {};
  if (m.beta !== undefined) edit.beta = numberIn(m.beta, "edit.beta", 0, 1);
  if (m.threshold !== undefined) edit.threshold = numberIn(m.threshold, "edit.threshold", 0, MAX_THRESHOLD);
  if (m.reset !== undefined) {
    if (!RESETS.includes(m.reset as (typeof RESETS)[number])) throw new MessageError(`edit.reset: expected ${RESETS.join(", ")}, got ${JSON.stringify(m.reset)}`);
    edit.reset = m.reset as LiveEdit["reset"];
  }
  if (Object.keys(edit).length === 0) throw new MessageError("edit: give beta, threshold or reset");
  return edit;
}

function parseShown(value: unknown, neurons: number): number[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_SHOWN) {
    throw new MessageError(`show.neurons: expected a list of 1 to ${MAX_SHOWN} neuron indices`);
  }
  const seen = new Set<number>();
  for (const i of value) {
    if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= neurons) throw new MessageError(`show.neurons: ${JSON.stringify(i)} is not a neuron of 0 to ${neurons - 1}`);
    if (seen.has(i)) throw new MessageError(`show.neurons: neuron ${i} given twice`);
    seen.add(i);
  }
  return [...seen];
}

function numberIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new MessageError(`${field}: expected a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}
