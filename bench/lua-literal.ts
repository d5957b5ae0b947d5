/** Writes plain numeric data (numbers, arrays, records) as a Lua table constructor. */
export type LuaData = number | LuaData[] | { [key: string]: LuaData };

export function luaLiteral(value: LuaData): string {
  if (typeof value === "number") {
    // String(x) is the shortest decimal that reads back as the same double, in Lua too.
    if (!Number.isFinite(value)) throw new RangeError(`no Lua literal for ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(", ")}}`;
  return `{${Object.entries(value).map(([k, v]) => `${k} = ${luaLiteral(v)}`).join(", ")}}`;
}
