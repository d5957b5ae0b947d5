/**
 * What the frame check lets through (`node dist/bench/check-strength.js [frames] [rate]`): a
 * Monte Carlo of damaged stream frames. Each frame is an 8-value F64 StreamSync (F0 01 22 seq
 * count:u14, 80 septets of values, check, F7) damaged as `faultyLink` damages bytes (each byte
 * with probability `rate` flipped in one bit, dropped or doubled), then read as the device reads
 * stream frames (stream.ts `streamFrameAt`: F0 01 op first, the length the count gives, F7
 * there, every byte a septet, the check). A frame that passes although it changed is a silent
 * error. Two checks side by side on the same damage: the CRC-14 alone (protocol 2's two
 * septets) and the four septets of protocol 3 (CRC-14 and Fletcher sums).
 */
import { frameCheck } from "../src/shared/wire/frame-check.ts";

interface Outcome {
  damaged: number;
  /** Damaged frames whose framing (op, length, F7) still looked right. */
  framed: number;
  /** Damaged frames the check passed. */
  passed: number;
}

const VALUES = 8;

function generator(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 16807) % 2147483647) / 2147483647;
}

/** The frame's check septets: the first `septets` of frameCheck's four. */
function checkOf(body: number[], septets: number): number[] | undefined {
  const out = [0, 0, 0, 0];
  return frameCheck(body, 0, body.length, out, 0) ? out.slice(0, septets) : undefined;
}

function trial(random: () => number, rate: number, septets: number, outcome: Outcome): void {
  const body = [1, 0x22, 1 + Math.floor(random() * 126), VALUES, 0];
  for (let k = 0; k < VALUES * 10; k++) body.push(Math.floor(random() * 128));
  const frame = [0xf0, ...body, ...checkOf(body, septets)!, 0xf7];
  const out: number[] = [];
  let hit = false;
  for (const b of frame) {
    if (random() >= rate) {
      out.push(b);
      continue;
    }
    hit = true;
    const kind = Math.floor(random() * 3);
    if (kind === 0) out.push(b ^ (1 << Math.floor(random() * 8)));
    else if (kind === 2) out.push(b, b);
  }
  if (!hit) return;
  outcome.damaged++;
  if (out[0] !== 0xf0 || out[1] !== 1 || out[2] !== 0x22) return;
  const count = out[4] + out[5] * 128;
  const len = 5 + count * 10 + septets;
  if (out.length !== len + 2 || out[len + 1] !== 0xf7) return;
  outcome.framed++;
  const got = out.slice(1, 1 + len - septets);
  const check = checkOf(got, septets);
  if (check === undefined || !check.every((v, k) => v === out[1 + len - septets + k])) return;
  if (out.length === frame.length && out.every((v, k) => v === frame[k])) return; // a flip undone
  outcome.passed++;
}

export function checkStrength(frames: number, rate: number): Record<"crc14" | "crc14+fletcher", Outcome> {
  const result = { crc14: { damaged: 0, framed: 0, passed: 0 }, "crc14+fletcher": { damaged: 0, framed: 0, passed: 0 } };
  // The same damage for both checks: each gets a generator from the same seed.
  const a = generator(4242);
  const b = generator(4242);
  for (let t = 0; t < frames; t++) {
    trial(a, rate, 2, result.crc14);
    trial(b, rate, 4, result["crc14+fletcher"]);
  }
  return result;
}

if (process.argv[1]?.endsWith("check-strength.js")) {
  const frames = Number(process.argv[2] ?? 1_000_000);
  const rate = Number(process.argv[3] ?? 0.01);
  const result = checkStrength(frames, rate);
  console.log(`${frames} stream frames of ${VALUES} F64 values at a ${(rate * 100).toFixed(1)} % byte error rate:`);
  for (const [name, o] of Object.entries(result)) {
    console.log(`${name.padEnd(15)} damaged ${o.damaged}, framing intact ${o.framed}, passed the check ${o.passed} (${(o.passed / o.damaged).toExponential(2)} per damaged frame)`);
  }
}
