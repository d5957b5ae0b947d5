-- gpio, pwm and adc: NodeMCU's pin modules (app/modules/gpio.c, pwm.c, adc.c). Arguments are
-- checked here with the board's messages; the pins themselves are src/emulator/pins.ts.
-- Returns the three module tables.
local H = ...
local host = H.host

local PINS = 13 -- NodeMCU index numbers 0..12
local INPUT, OUTPUT, INT, OPENDRAIN = 0, 1, 2, 3
local FLOAT, PULLUP = 0, 1
local MAX_DUTY = 1023

local function exists(pin)
  return pin >= 0 and pin < PINS
end

local function checkid(kind, v, fname)
  local id = H.checkint(v, 1, fname)
  if not exists(id) or (kind == "pwm" and id == 0) then
    error(string.format("%s %d does not exist", kind, id), 0)
  end
  return id
end

local gpio = {
  INPUT = INPUT, OUTPUT = OUTPUT, INT = INT, OPENDRAIN = OPENDRAIN,
  LOW = 0, HIGH = 1, FLOAT = FLOAT, PULLUP = PULLUP,
}

-- gpio.mode(pin, mode[, pullup])
function gpio.mode(pin, mode, pullup)
  pin = H.checkint(pin, 1, "mode")
  mode = H.checkint(mode, 2, "mode")
  pullup = H.optint(pullup, 3, "mode", FLOAT)
  if not exists(pin) or (mode == INT and pin == 0) then H.argerror(1, "mode", "Invalid pin") end
  if mode ~= INPUT and mode ~= OUTPUT and mode ~= INT and mode ~= OPENDRAIN then
    H.argerror(2, "mode", "wrong arg type")
  end
  host.gpio_mode(pin, mode, pullup == FLOAT and FLOAT or PULLUP)
end

function gpio.read(pin)
  return host.gpio_read(checkid("gpio", pin, "read"))
end

function gpio.write(pin, level)
  pin = checkid("gpio", pin, "write")
  level = H.checkint(level, 2, "write")
  if level ~= 0 and level ~= 1 then H.argerror(2, "write", "wrong level type") end
  host.gpio_write(pin, level)
end

local pwm = {}

local function checkduty(v, fname)
  local duty = H.checkint(v, 2, fname)
  if duty < 0 or duty > MAX_DUTY then error("wrong arg range", 0) end
  return duty
end

local function checkclock(v, fname)
  local clock = H.checkint(v, 2, fname)
  if clock <= 0 then error("wrong arg range", 0) end
  return clock
end

-- pwm.setup(pin, clock, duty) -> the clock set (1..1000 Hz)
function pwm.setup(pin, clock, duty)
  pin = H.checkint(pin, 1, "setup")
  if pin == 0 then error("no pwm for D0", 0) end
  pin = checkid("pwm", pin, "setup")
  clock = checkclock(clock, "setup")
  duty = H.checkint(duty, 3, "setup")
  if duty < 0 or duty > MAX_DUTY then error("wrong arg range", 0) end
  local set = host.pwm_setup(pin, clock, duty)
  if set == 0 then error("too many pwms.", 0) end
  return set
end

function pwm.close(pin)
  host.pwm_close(checkid("pwm", pin, "close"))
end

function pwm.start(pin)
  if not host.pwm_start(checkid("pwm", pin, "start")) then error("Unable to start PWM output", 0) end
end

function pwm.stop(pin)
  host.pwm_stop(checkid("pwm", pin, "stop"))
end

function pwm.setclock(pin, clock)
  pin = checkid("pwm", pin, "setclock")
  return host.pwm_setclock(pin, checkclock(clock, "setclock"))
end

function pwm.getclock(pin)
  return host.pwm_getclock(checkid("pwm", pin, "getclock"))
end

function pwm.setduty(pin, duty)
  pin = checkid("pwm", pin, "setduty")
  return host.pwm_setduty(pin, checkduty(duty, "setduty"))
end

function pwm.getduty(pin)
  return host.pwm_getduty(checkid("pwm", pin, "getduty"))
end

local adc = {}

-- adc.read(0): the A0 pin, 0..1024.
function adc.read(channel)
  channel = H.checkint(channel, 1, "read")
  if channel ~= 0 then error(string.format("adc %d does not exist", channel), 0) end
  return host.adc_read()
end

-- adc.readvdd33(): with the ADC sampling the external pin (the default, and the only mode the
-- emulator has) the SDK returns 65535.
function adc.readvdd33()
  return 65535
end

return gpio, pwm, adc
