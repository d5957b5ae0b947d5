-- uart: NodeMCU's serial module (app/modules/uart.c). The receive side (ring, line assembly,
-- terminator and n-byte delivery) lives in src/emulator/uart.ts; it calls H.entry.uart_data
-- with each chunk for the callback registered here.
local H = ...
local host = H.host
local char = string.char

local uart = {
  STOPBITS_1 = 1, STOPBITS_1_5 = 2, STOPBITS_2 = 3,
  PARITY_NONE = 0, PARITY_EVEN = 1, PARITY_ODD = 2,
}

local config = { [0] = { 115200, 8, 0, 1 }, [1] = { 115200, 8, 0, 1 } }
local data_cb = nil

local function checkid(v, fname)
  local id = H.checkint(v, 1, fname)
  if id ~= 0 and id ~= 1 then error(string.format("uart %d does not exist", id), 0) end
  return id
end

-- uart.setup(id, baud, databits, parity, stopbits[, echo]) -> baud
function uart.setup(id, baud, databits, parity, stopbits, echo)
  id = checkid(id, "setup")
  baud = H.checkint(baud, 2, "setup")
  databits = H.checkint(databits, 3, "setup")
  parity = H.checkint(parity, 4, "setup")
  stopbits = H.checkint(stopbits, 5, "setup")
  local e = tonumber(echo)
  config[id] = { baud, databits, parity, stopbits }
  host.uart_setup(id, baud, e == nil and -1 or (e ~= 0 and 1 or 0))
  return baud
end

-- uart.getconfig(id) -> baud, databits, parity, stopbits
function uart.getconfig(id)
  return table.unpack(config[checkid(id, "getconfig")])
end

-- uart.on("data", [n | end_char], [function], [run_input]): as uart.c, a number n (0..255)
-- delivers every n bytes (0: every byte), a one-character string delivers up to and including
-- that byte; without a function the callback is removed and input goes to the interpreter.
function uart.on(method, a, b, c)
  if method ~= "data" then H.argerror(1, "on", "method not supported") end
  local data_len, end_char = -1, 0
  local fn, run = a, b
  if type(a) == "number" then
    data_len = H.checkint(a, 2, "on")
    if data_len < 0 or data_len >= 256 then H.argerror(2, "on", "wrong arg range") end
    fn, run = b, c
  elseif type(a) == "string" then
    if #a ~= 1 then error("wrong arg range", 0) end
    end_char = a:byte(1)
    fn, run = b, c
  end
  if type(fn) == "function" then
    data_cb = fn
    host.uart_on(data_len, end_char, tonumber(run) ~= 0, true)
  else
    data_cb = nil
    host.uart_on(0, 0, true, false)
  end
end

-- uart.write(id, data1, ...): strings, or numbers sent as one byte each (0..255).
function uart.write(id, ...)
  id = checkid(id, "write")
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do
    local v = (select(i, ...))
    if type(v) == "number" then
      local b = H.checkint(v, i + 1, "write")
      if b < 0 or b > 255 then error("invalid number", 0) end
      parts[i] = char(b)
    elseif type(v) == "string" then
      parts[i] = v
    else
      H.argerror(i + 1, "write", "string expected, got " .. type(v))
    end
  end
  host.uart_write(id, H.tohex(table.concat(parts)))
end

--- A chunk of received bytes for the data callback; the callback's error, or nil.
function H.entry.uart_data(hex)
  if data_cb == nil then return nil end
  return H.protect(data_cb, H.fromhex(hex))
end

return uart
