-- bit: NodeMCU's bitwise module (app/modules/bit.c, docs/modules/bit.md), the only bit operators
-- a Lua 5.1 board has. On the ESP8266 its integers are 32 bits: arguments are truncated toward
-- zero (luaL_checkinteger), results come back as signed 32-bit numbers, and the variadic
-- operations take one argument or more. The emulator's Lua 5.4 computes them with its own
-- operators. Returns the module table.
local H = ...

local checkint = H.checkint

--- x as the board's signed 32-bit integer.
local function int32(x)
  x = x & 0xFFFFFFFF
  if x >= 0x80000000 then return x - 0x100000000 end
  return x
end

local function variadic(name, op)
  return function(a, b, ...)
    local r = checkint(a, 1, name)
    if b == nil then return int32(r) end
    r = op(r, checkint(b, 2, name))
    for i = 1, select("#", ...) do
      r = op(r, checkint((select(i, ...)), i + 2, name))
    end
    return int32(r)
  end
end

local bit = {
  band = variadic("band", function(a, b) return a & b end),
  bor = variadic("bor", function(a, b) return a | b end),
}

-- bxor is what the firmware's frame check calls, four times for three septets. On the board it is
-- a C function; here it is Lua, and a board profile charges every Lua instruction to the board's
-- CPU. So two or three arguments take a short path whose instructions are counted
-- (H.bxor_calls) and given back, less a C call's cost, by the count hook (lua-board.ts). That
-- path is stricter than the board: a number with a fraction, which the board truncates, fails
-- there with Lua's "number has no integer representation", and a non-number with Lua's
-- arithmetic error.
local bxor = variadic("bxor", function(a, b) return a ~ b end)
local calls = 0
function bit.bxor(a, b, c, d, ...)
  if d == nil and b ~= nil then
    calls = calls + 1
    return ((a ~ b ~ (c or 0)) + 0x80000000) % 0x100000000 - 0x80000000
  end
  return bxor(a, b, c, d, ...)
end

--- Short-path bxor calls since the last call.
function H.bxor_calls()
  local n = calls
  calls = 0
  return n
end

function bit.bnot(v)
  return int32(~checkint(v, 1, "bnot"))
end

-- bit.c shifts with C's operators, which leave counts outside 0-31 undefined: the emulator
-- refuses them, so that code does not come to depend on one compiler's answer.
local function shiftcount(v, fname)
  local n = checkint(v, 2, fname)
  if n < 0 or n > 31 then H.argerror(2, fname, "shift count out of 0-31") end
  return n
end

function bit.lshift(v, n)
  return int32(checkint(v, 1, "lshift") << shiftcount(n, "lshift"))
end

function bit.rshift(v, n)
  return int32((checkint(v, 1, "rshift") & 0xFFFFFFFF) >> shiftcount(n, "rshift"))
end

function bit.arshift(v, n)
  return int32(int32(checkint(v, 1, "arshift")) // (1 << shiftcount(n, "arshift")))
end

function bit.bit(n)
  return int32(1 << checkint(n, 1, "bit"))
end

function bit.isset(v, n)
  return (checkint(v, 1, "isset") >> checkint(n, 2, "isset")) & 1 == 1
end

function bit.isclear(v, n)
  return (checkint(v, 1, "isclear") >> checkint(n, 2, "isclear")) & 1 == 0
end

function bit.set(v, ...)
  local r = checkint(v, 1, "set")
  for i = 1, select("#", ...) do r = r | (1 << checkint((select(i, ...)), i + 1, "set")) end
  return int32(r)
end

function bit.clear(v, ...)
  local r = checkint(v, 1, "clear")
  for i = 1, select("#", ...) do r = r & ~(1 << checkint((select(i, ...)), i + 1, "clear")) end
  return int32(r)
end

return bit
