-- spikeloop firmware over stdin/stdout, for any desktop Lua (5.1, 5.2, 5.3, 5.4, LuaJIT).
--
--   lua firmware/stdio/main.lua <dir of the transpiled firmware, e.g. firmware/app>
--
-- Runs the same transpiled runtime a NodeMCU board runs, with this file as its board adapter:
-- bytes from stdin go to the runtime, its replies go to stdout. There are no timers, so realtime
-- Start answers Error NoTimer and Firmata reporting says so in a STRING_DATA message; pins are
-- simulated in a table. The process runs until stdin reaches end of file.

local dir = arg and arg[1] or "firmware/app"
package.path = dir .. "/?.lua;" .. package.path

-- NodeMCU builds the C module `bit` in; a desktop Lua may have one too (LuaJIT does, lua5.1 with
-- Debian's lua-bitop). The frame check uses its bxor when it is there (src/shared/wire/crc14.ts).
if bit == nil then
  local ok, lib = pcall(require, "bit")
  if ok then bit = lib end
end

local runtime = require("device.runtime")
local unpack = table.unpack or unpack

io.stdout:setvbuf("full")

-- The pins of the nodemcu board (docs/protocol.md): 0 digital in/out; 1-8 also PWM (10 bits)
-- and input-pullup; 9 the ADC, analog channel 0 (10 bits).
local INPUT, OUTPUT, ANALOG, PWM, PULLUP = 0, 1, 2, 3, 11
local CAPABILITIES = { [0] = { INPUT, 1, OUTPUT, 1 }, [9] = { ANALOG, 10 } }
for pin = 1, 8 do
  CAPABILITIES[pin] = { INPUT, 1, OUTPUT, 1, PWM, 10, PULLUP, 1 }
end

-- Simulated pin levels and PWM duties, by pin; the ADC reads 0.
local levels = {}
for pin = 0, 9 do
  levels[pin] = 0
end

local CHUNK = 64

local board = {
  name = "stdio",
  microsSpan = 2147483648,
  pinCount = 10,
}

function board.write(bytes, count)
  local i = 1
  while i <= count do
    local j = i + CHUNK - 1
    if j > count then j = count end
    io.stdout:write(string.char(unpack(bytes, i, j)))
    i = j + 1
  end
  io.stdout:flush()
end

function board.micros()
  return math.floor(os.clock() * 1000000) % 2147483648
end

function board.startTimer(id, ms, tick)
  return false
end

function board.stopTimer(id)
end

function board.pinCapabilities(pin)
  local caps = CAPABILITIES[pin] or {}
  local copy = {}
  for k = 1, #caps do
    copy[k] = caps[k]
  end
  return copy
end

function board.analogChannel(pin)
  if pin == 9 then return 0 end
  return 127
end

function board.setPinMode(pin, mode)
  if mode == PULLUP then
    levels[pin] = 1
  end
end

function board.digitalWrite(pin, value)
  levels[pin] = value
end

function board.digitalRead(pin)
  return levels[pin] or 0
end

function board.pwmWrite(pin, duty)
  levels[pin] = duty
end

function board.analogRead(channel)
  return 0
end

function board.freeHeap()
  -- Desktop Lua has no fixed heap: report the most StatusReply can carry (u21).
  return 2097151
end

local rt = runtime.createRuntime(board)
runtime.boot(rt)

-- A SysEx reaches the runtime whole, in one chunk, as NodeMCU's uart.on("data", "\247", …)
-- hands it over (at most 255 bytes a chunk); any other byte goes at once, so a core command
-- needs no F7 after it. One reused byte table: the runtime reads bytes[1 .. count].
local CHUNK_MAX = 255
local bytes = {}
local count = 0
local inSysex = false
while true do
  local c = io.stdin:read(1)
  if c == nil then break end
  local b = string.byte(c)
  count = count + 1
  bytes[count] = b
  if b == 0xF0 then inSysex = true elseif b >= 0x80 then inSysex = false end
  if not inSysex or count == CHUNK_MAX then
    runtime.feed(rt, bytes, count)
    count = 0
  end
end
if count > 0 then runtime.feed(rt, bytes, count) end
