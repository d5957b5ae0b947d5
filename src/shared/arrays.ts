/** Arrays allocated once, filled by push: `new Array(n)` does not transpile to Lua. */

export function filledNumbers(count: number, value: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < count; i++) a.push(value);
  return a;
}

export function filledFlags(count: number, value: boolean): boolean[] {
  const a: boolean[] = [];
  for (let i = 0; i < count; i++) a.push(value);
  return a;
}
