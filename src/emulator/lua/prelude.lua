-- Helpers shared by the emulated NodeMCU modules, loaded first by src/emulator/lua-board.ts.
-- Called with the host hooks (JS functions) and the board configuration; returns the helper
-- table H that every module chunk receives. H.entry collects the functions JS calls into Lua.
--
-- wasmoon converts strings between Lua and JS as UTF-8, which mangles binary data, so bytes
-- cross the boundary as hex strings (H.tohex / H.fromhex) in both directions.
local host, config = ...
local H = { host = host, config = config, entry = {} }

local byte, char, fmt, rep = string.byte, string.char, string.format, string.rep
local traceback = debug.traceback
local CHUNK = 4096

--- The bytes of a Lua string as lowercase hex.
function H.tohex(s)
  local n = #s
  if n <= CHUNK then return fmt(rep("%02x", n), byte(s, 1, n)) end
  local parts = {}
  for i = 1, n, CHUNK do
    local j = math.min(n, i + CHUNK - 1)
    parts[#parts + 1] = fmt(rep("%02x", j - i + 1), byte(s, i, j))
  end
  return table.concat(parts)
end

--- The Lua string of a hex string.
function H.fromhex(h)
  return (h:gsub("%x%x", function(x) return char(tonumber(x, 16)) end))
end

-- Errors raised by the emulated C functions carry no position, as luaL_error's do on the board
-- (the traceback shows the caller).

--- Raises luaL_argerror's message: "bad argument #n to 'fname' (msg)".
function H.argerror(n, fname, msg)
  error(fmt("bad argument #%d to '%s' (%s)", n, fname, msg), 0)
end

--- luaL_checkinteger: a number (or numeric string) truncated toward zero, else an argument error.
function H.checkint(v, n, fname)
  local x = tonumber(v)
  if x == nil then H.argerror(n, fname, "number expected, got " .. type(v)) end
  if x >= 0 then return math.floor(x) end
  return math.ceil(x)
end

--- luaL_optinteger: like checkint, `default` when v is nil.
function H.optint(v, n, fname, default)
  if v == nil then return default end
  return H.checkint(v, n, fname)
end

--- Makes `t` the module `name`: reading a field it lacks raises a clear error instead of nil.
function H.module(name, t)
  return setmetatable(t, {
    __index = function(_, key)
      error(fmt("%s.%s is not supported by spikeloop's NodeMCU emulator", name, tostring(key)), 2)
    end,
  })
end

local function handler(e)
  return traceback(tostring(e), 2)
end

--- Calls fn(...) protected; nil when it returned, else the error message with a traceback.
function H.protect(fn, ...)
  local ok, err = xpcall(fn, handler, ...)
  if not ok then return err end
  return nil
end

--- Sends a string out of UART0 directly (the prompt and echo do; print goes through H.output).
function H.uart_out(s)
  host.uart_write(0, H.tohex(s))
end

-- node.output: where print and the interpreter's messages go.
local output_fn, serial_debug = nil, true

function H.set_output(fn, serial)
  output_fn, serial_debug = fn, serial
end

function H.output(s)
  if output_fn ~= nil then
    output_fn(s)
    if not serial_debug then return end
  end
  H.uart_out(s)
end

function print(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  H.output(table.concat(parts, "\t") .. "\n")
end

-- NodeMCU's Lua 5.1 has these; the emulator runs Lua 5.4 and has no io/os/utf8 on the board.
unpack = table.unpack
loadstring = load
io, os, utf8 = nil, nil, nil

-- NodeMCU's Lua 5.1 math library (app/lua/lmathlib.c) and nothing more: no log, exp, fmod, frexp,
-- ldexp, modf or trigonometry, so code that needs them fails here as it would on the board.
-- Lua 5.4 dropped pow; the board has it.
local lua54_math = math
math = {
  abs = lua54_math.abs, ceil = lua54_math.ceil, floor = lua54_math.floor,
  max = lua54_math.max, min = lua54_math.min, sqrt = lua54_math.sqrt,
  random = lua54_math.random, randomseed = lua54_math.randomseed,
  pow = function(x, y) return x ^ y end,
  pi = lua54_math.pi, huge = lua54_math.huge,
}
package.loaded.math = math

return H
