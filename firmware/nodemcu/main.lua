-- The spikeloop firmware on a NodeMCU board, started by init.lua. From here on UART0 speaks
-- Firmata only: the Lua prompt is detached (see init.lua for the way back to it).
--
-- Files on the board's flat filesystem: this file, init.lua and board.lua (firmware/nodemcu),
-- beside the transpiled runtime (firmware/app: runtime.lua, wire/*.lua, …). firmware/app also
-- holds an empty board.lua (board.ts declares types only): upload firmware/nodemcu after it.

-- 115200 8N1 without echo; calling uart.setup also ends NodeMCU's boot-time auto-baud.
uart.setup(0, 115200, 8, uart.PARITY_NONE, uart.STOPBITS_1, 0)
-- print() and error messages would corrupt the Firmata stream.
if node.output then node.output(function() end, 0) end

local runtime = require("runtime")
local board = require("board")
assert(board.write, "board.lua is the empty one from firmware/app: upload firmware/nodemcu/board.lua")

local rt = runtime.createRuntime(board)
local feed = runtime.feed
local byte = string.byte

-- Called when an F7 (end of SysEx) arrives or 255 bytes have accumulated. One string.byte call
-- turns the chunk into the byte table the runtime reads (bytes[1 .. count]): a handful of VM
-- instructions a chunk rather than several a byte.
uart.on("data", "\247", function(data)
  local count = #data
  feed(rt, { byte(data, 1, count) }, count)
end, 0)

runtime.boot(rt)
