-- The spikeloop firmware on a NodeMCU board, started by init.lua. From here on UART0 speaks
-- Firmata only: the Lua prompt is detached (see init.lua for the way back to it).
--
-- The modules (board.lua and the transpiled firmware/app: device/runtime.lua,
-- shared/wire/frame.lua, …, each named by its path, as `require` looks them up) come from the
-- Lua Flash Store after `spikeloop flash --lfs`, the only way they fit an ESP8266's heap; or from
-- the file system (`spikeloop flash`), where a board with more heap (ESP32) holds them.

-- LFS names a module by its file name alone: require("shared.wire.parser") is LFS module "parser".
local LFS = node.LFS
if LFS and LFS.get("runtime") then
  local searchers = package.loaders or package.searchers
  table.insert(searchers, 2, function(name)
    return LFS.get(name:match("[^.]+$")) or ("\n\tno module '" .. name .. "' in LFS")
  end)
end

-- 115200 8N1 without echo; calling uart.setup also ends NodeMCU's boot-time auto-baud.
uart.setup(0, 115200, 8, uart.PARITY_NONE, uart.STOPBITS_1, 0)

local loaded, runtime = pcall(require, "device.runtime")
if not loaded then
  print("spikeloop: cannot load the firmware: " .. tostring(runtime))
  print("spikeloop: an ESP8266's heap holds it only in LFS: flash it with `spikeloop flash --lfs`")
  return
end
local board = require("board")

-- print() and error messages would corrupt the Firmata stream.
if node.output then node.output(function() end, 0) end

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
