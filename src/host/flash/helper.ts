/**
 * The Lua the upload defines at the board's prompt (NodeMCU's Lua 5.1 or 5.3; arithmetic only),
 * one line each, every line shorter than the prompt's 256-byte line buffer. Arguments are always
 * hex strings: `_SL.x` decodes them, so the prompt only ever sees [0-9a-f] inside quotes.
 * Every function prints one "SL:…" line the host waits for.
 */
export const HELPER_LINES: readonly string[] = [
  "_SL={}",
  'function _SL.x(h) return (h:gsub("%x%x",function(c) return string.char(tonumber(c,16)) end)) end',
  // Opening for writing also removes a compiled twin, which require() would load first.
  'function _SL.o(n) n=_SL.x(n) file.remove((n:gsub("%.lua$",".lc"))) _SL.f=file.open(n,"w") print(_SL.f and "SL:ok" or "SL:no") end',
  'function _SL.w(h) print(_SL.f:write(_SL.x(h)) and "SL:ok" or "SL:no") end',
  'function _SL.e() _SL.f:close() _SL.f=nil print("SL:ok") end',
  "function _SL.a(s,a,b) for i=1,#s do a=(a+s:byte(i))%65521 b=(b+a)%65521 end return a,b end",
  'function _SL.s(n) local f=file.open(_SL.x(n),"r") if not f then print("SL:no") return end local a,b,l,s=1,0,0,f:read(256) ' +
    'while s do a,b=_SL.a(s,a,b) l=l+#s s=f:read(256) end f:close() print("SL:"..l..":"..a..":"..b) end',
  // Compiles x.lua to x.lc and removes the source, which would otherwise take flash for nothing.
  'function _SL.k(n) n=_SL.x(n) local ok,e=pcall(node.compile,n) if ok then file.remove(n) print("SL:ok") else print("SL:no:"..tostring(e)) end end',
  'function _SL.r(n) file.remove(_SL.x(n)) print("SL:ok") end',
];

/** Hex characters per `_SL.w` line: 112 bytes, so the line stays well inside 256 bytes. */
export const HEX_PER_LINE = 224;

export const call = (fn: string, ...hexArgs: string[]): string => `_SL.${fn}(${hexArgs.map((h) => `"${h}"`).join(",")})`;

/** Forgets the helper (its functions take heap) and leaves the board as it was. */
export const CLEANUP_LINE = '_SL=nil print("SL:ok")';

/** Reboots into the firmware (init.lua starts it 3 s later). */
export const RESTART_LINE = "node.restart()";
