-- The stdio firmware (firmware/stdio/main.lua) with a debug.sethook count hook around every
-- runtime.feed: counts the Lua VM instructions the firmware executes for what it receives,
-- and nothing of the adapter's own reading. After each feed it writes to stderr
--   vm <op> <total>
-- (op: the extension op of a chunk that starts with F0 01 op, else -1; total: instructions in
-- feed since start). bench/vm-instructions.ts reads these lines.
--
--   lua5.1 bench/lua/count_feed.lua <firmware dir> <firmware/stdio/main.lua>
local dir, adapter = arg[1], arg[2]
-- NodeMCU has the C module `bit`; here it is Debian's lua-bitop (same bxor). Without it the frame
-- check falls back to arithmetic, which costs several times the instructions: say so.
if bit == nil then
  local ok, lib = pcall(require, "bit")
  if ok then bit = lib else io.stderr:write("novm-bit lua-bitop is not installed\n") end
end
package.path = dir .. "/?.lua;" .. package.path
local runtime = require("device.runtime")
local feed = runtime.feed
local total = 0
local function tick() total = total + 1 end
runtime.feed = function(rt, bytes, count)
  debug.sethook(tick, "", 1)
  feed(rt, bytes, count)
  debug.sethook()
  local op = (bytes[1] == 0xF0 and bytes[2] == 0x01) and bytes[3] or -1
  io.stderr:write("vm ", op, " ", total, "\n")
end
arg = { [0] = adapter, dir }
dofile(adapter)
