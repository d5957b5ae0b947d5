-- The Lua prompt on UART0 (NodeMCU's lua.c): runs each complete line src/emulator/uart.ts
-- assembles while uart.on's run_input is 1. "=expr" prints the values; an incomplete chunk
-- waits for more lines behind the ">> " prompt. Errors are printed, never fatal.
local H = ...

local pending = nil
local show = false

local function handler(e)
  return tostring(e)
end

function H.entry.repl_line(hex)
  local line = H.fromhex(hex)
  if pending == nil then
    show = line:sub(1, 1) == "="
    if show then line = "return " .. line:sub(2) end
  end
  local chunk = pending and (pending .. line) or line
  local fn, err = load(chunk, "=stdin")
  if fn == nil and err:sub(-5) == "<eof>" then
    pending = chunk
    H.uart_out(">> ")
    return
  end
  pending = nil
  if fn == nil then
    print(err)
  else
    local results = table.pack(xpcall(fn, handler))
    if not results[1] then
      print(results[2])
    elseif show and results.n > 1 then
      print(table.unpack(results, 2, results.n))
    end
  end
  H.uart_out("> ")
end

return nil
