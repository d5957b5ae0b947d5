/**
 * Host side of the stream ops' packed values (layouts in src/device/wire/packed.ts, which reads
 * them on the device): F64, F32 and I32 one value a group, F16 three values in 7 septets, spikes
 * seven values a septet.
 */
import { Encoding } from "../../shared/protocol.ts";
import { writeFloat } from "../../shared/wire/ieee.ts";
import { writeValue } from "../../shared/wire/int32.ts";
import { groupSeptets, groupValues } from "../../shared/wire/packed.ts";
import { addBits, clearSeptets, readBits } from "../../shared/wire/septets.ts";

/** Septets of values[from … from+count-1] in `encoding`, the last group padded with zero bits. */
export function packValues(values: ArrayLike<number>, from: number, count: number, encoding: Encoding): number[] {
  const out: number[] = [];
  if (encoding === Encoding.F16 || encoding === Encoding.Spike) {
    const per = groupValues(encoding);
    const width = encoding === Encoding.F16 ? 16 : 1;
    const septets = Math.ceil(count / per) * groupSeptets(encoding);
    clearSeptets(out, 0, septets);
    const half: number[] = [];
    for (let k = 0; k < count; k++) {
      const group = Math.floor(k / per) * groupSeptets(encoding);
      let pattern = values[from + k];
      if (encoding === Encoding.F16) {
        writeFloat(half, 0, pattern, Encoding.F16);
        pattern = readBits(half, 0, 0, 16);
      }
      addBits(out, group, (k % per) * width, pattern, width);
    }
    return out;
  }
  let pos = 0;
  for (let k = 0; k < count; k++) pos = writeValue(out, pos, values[from + k], encoding);
  return out;
}
