/**
 * Numbers printed the way Python's repr() prints a float, the format of snnTorch's golden
 * traces: the shortest digits that round-trip, fixed notation for decimal exponents -4..15, otherwise
 * scientific with a signed two-digit exponent, and always a decimal point ("1.0", "1e-05").
 */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mantissa, exp] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const e = Number(exp);
  if (e >= -4 && e < 16) {
    const point = e + 1;
    if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
    if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
  const expSign = e < 0 ? "-" : "+";
  return `${sign}${digits[0]}${fraction}e${expSign}${String(Math.abs(e)).padStart(2, "0")}`;
}
