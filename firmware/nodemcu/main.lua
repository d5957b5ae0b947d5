-- The spikeloop firmware on a NodeMCU board, started by init.lua. From here on UART0 speaks
-- Firmata only: the Lua prompt is detached (see init.lua for the way back to it).
--
-- Files on the board's flat filesystem: this file, init.lua and board.lua (firmware/nodemcu),
-- beside the transpiled firmware (firmware/app: device/runtime.lua, shared/wire/frame.lua, …,
-- each named by its path, as `require` looks them up).

-- 115200 8N1 without echo; calling uart.setup also ends NodeMCU's boot-time auto-baud.
uart.setup(0, 115200, 8, uart.PARITY_NONE, uart.STOPBITS_1, 0)
-- print() and error messages would corrupt the Firmata stream.
if node.output then node.output(function() end, 0) end

local runtime = require("device.runtime")
local board = require("board")

local rt = runtime.createRuntime(board)
local feed = runtime.feed
local byte = string.byte
local bytes = {} -- reused for every chunk: the runtime reads bytes[1 .. count]

-- Called when an F7 (end of SysEx) arrives or 255 bytes have accumulated.
uart.on("data", "\247", function(data)
  local count = #data
  for i = 1, count do
    bytes[i] = byte(data, i)
  end
  feed(rt, bytes, count)
end, 0)

runtime.boot(rt)
