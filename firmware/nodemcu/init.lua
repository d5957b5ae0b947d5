-- spikeloop autostart: after 3 s runs main (from LFS, else main.lc or main.lua), which takes
-- UART0 for Firmata.
-- The way back to the Lua prompt:
--   * press the FLASH button (GPIO0, gpio index 3) after a reset and hold it until the 3 s are
--     over (it is read at the start and at the end of the wait), or
--   * create a file named "noboot" (file.open("noboot", "w"); file.close()) while at the prompt;
--     remove it (file.remove("noboot")) to autostart again.
local FLASH = 3

local function exists(name)
  if file.exists then return file.exists(name) end
  if file.open(name, "r") then
    file.close()
    return true
  end
  return false
end

local function held()
  return gpio.read(FLASH) == 0
end

gpio.mode(FLASH, gpio.INPUT, gpio.PULLUP)
if exists("noboot") then
  print("spikeloop: file 'noboot' found, staying at the Lua prompt")
elseif held() then
  print("spikeloop: FLASH held, staying at the Lua prompt")
else
  print("spikeloop: starting in 3 s (hold FLASH to stay at the Lua prompt)")
  tmr.create():alarm(3000, tmr.ALARM_SINGLE, function()
    if held() then
      print("spikeloop: FLASH held, staying at the Lua prompt")
    elseif node.LFS and node.LFS.get("main") then
      node.LFS.get("main")()
    elseif exists("main.lc") then
      dofile("main.lc")
    else
      dofile("main.lua")
    end
  end)
end
