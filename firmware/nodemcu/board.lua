-- The `nodemcu` board (ESP8266) for the spikeloop firmware runtime: the Board interface of
-- src/device/board.ts over NodeMCU's uart, tmr, gpio, pwm, adc and node modules. Every function
-- is a plain field, called without self.
--
-- Pins (docs/protocol.md): Firmata pins 0-8 are NodeMCU gpio indices (D0-D8); 0 is digital
-- input/output only, 1-8 also PWM (10 bits, NodeMCU duty 0-1023), servo (PWM at 50 Hz) and
-- input-pullup. Pin 9 is the ADC (A0): analog channel 0, 10 bits.

local INPUT, OUTPUT, ANALOG, PWM, SERVO, PULLUP = 0, 1, 2, 3, 4, 11
local ADC_PIN = 9
local PWM_HZ = 1000
local SERVO_HZ = 50
-- Bytes per uart.write: string.char takes them as arguments, so keep the Lua stack small.
local CHUNK = 32

local unpack = table.unpack or unpack
local char = string.char
local floor = math.floor

-- Capability lists are shared, never copied: the runtime only reads them.
local CAPS_D0 = { INPUT, 1, OUTPUT, 1 }
local CAPS_IO = { INPUT, 1, OUTPUT, 1, PWM, 10, SERVO, 14, PULLUP, 1 }
local CAPS_ADC = { ANALOG, 10 }
local CAPS_NONE = {}

local timers = {} -- timer objects by runtime timer id, created on first use
local pwmPins = {} -- pins set up for PWM

local board = {
  name = "nodemcu",
  microsSpan = 2147483648, -- tmr.now() counts 31 bits
  pinCount = 10,
}

function board.write(bytes, count)
  local i = 1
  while i <= count do
    local j = i + CHUNK - 1
    if j > count then j = count end
    uart.write(0, char(unpack(bytes, i, j)))
    i = j + 1
  end
end

function board.micros()
  return tmr.now()
end

function board.startTimer(id, ms, tick)
  local t = timers[id]
  if t == nil then
    t = tmr.create()
    timers[id] = t
  end
  t:stop()
  -- The callback gets the timer object as its argument; the runtime's ticks ignore it.
  return t:alarm(floor(ms), tmr.ALARM_AUTO, tick) ~= false
end

function board.stopTimer(id)
  local t = timers[id]
  if t ~= nil then t:stop() end
end

function board.pinCapabilities(pin)
  if pin == 0 then return CAPS_D0 end
  if pin >= 1 and pin <= 8 then return CAPS_IO end
  if pin == ADC_PIN then return CAPS_ADC end
  return CAPS_NONE
end

function board.analogChannel(pin)
  if pin == ADC_PIN then return 0 end
  return 127
end

function board.setPinMode(pin, mode)
  if pin == ADC_PIN then return end
  if mode == PWM or mode == SERVO then
    -- A servo is PWM at 50 Hz; the ESP8266 shares one PWM frequency among all its PWM pins.
    local hz = mode == SERVO and SERVO_HZ or PWM_HZ
    if pwmPins[pin] then
      pwm.setclock(pin, hz)
    else
      pwm.setup(pin, hz, 0)
      pwmPins[pin] = true
    end
    pwm.start(pin)
    return
  end
  if pwmPins[pin] then
    pwm.close(pin)
    pwmPins[pin] = nil
  end
  if mode == OUTPUT then
    gpio.mode(pin, gpio.OUTPUT)
  elseif mode == PULLUP then
    gpio.mode(pin, gpio.INPUT, gpio.PULLUP)
  else
    gpio.mode(pin, gpio.INPUT, gpio.FLOAT)
  end
end

function board.digitalWrite(pin, value)
  gpio.write(pin, value ~= 0 and gpio.HIGH or gpio.LOW)
end

function board.digitalRead(pin)
  if pin == ADC_PIN then return 0 end
  return gpio.read(pin)
end

function board.pwmWrite(pin, duty)
  pwm.setduty(pin, floor(duty))
end

-- Frequency of a PWM pin (a servo binding asks for 50 Hz); the ESP8266 shares it among all PWM pins.
function board.pwmClock(pin, hz)
  pwm.setclock(pin, hz)
end

function board.analogRead(channel)
  return adc.read(0)
end

-- UART0 at a new rate (SetBaud) once the bytes written so far have left: uart.write returns
-- with up to 128 bytes still in the transmit FIFO, which a rate change would garble.
local baud = 115200
function board.setBaud(rate)
  tmr.delay(math.ceil(128 * 10 * 1000000 / baud))
  baud = rate
  uart.setup(0, rate, 8, uart.PARITY_NONE, uart.STOPBITS_1, 0)
end

function board.freeHeap()
  return node.heap()
end

return board
