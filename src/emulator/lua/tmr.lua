-- tmr: NodeMCU's timer module (app/modules/tmr.c, docs/modules/tmr.md). Timer objects, modes
-- and callbacks live here; src/emulator/timers.ts arms the clock and calls H.entry.timer(id)
-- when an armed timer expires.
local H = ...
local host = H.host

local SINGLE, AUTO, SEMI = 0, 1, 2
local MAX_INTERVAL = 6870947
local RANGE = "Range: 1-" .. MAX_INTERVAL

local tmr = { ALARM_SINGLE = SINGLE, ALARM_AUTO = AUTO, ALARM_SEMI = SEMI }

local state = setmetatable({}, { __mode = "k" }) -- timer object -> its registration
local running = {}                                -- id -> timer object, while armed
local next_id = 0

local methods = {}
local Timer = { __index = H.module("tmr.timer", methods), __name = "tmr.timer" }

local function check(t, fname)
  local st = state[t]
  if st == nil then error(string.format("bad argument #1 to '%s' (tmr.timer expected)", fname), 0) end
  return st
end

local function checkinterval(v, fname)
  local ms = H.checkint(v, 1, fname)
  if ms < 1 or ms > MAX_INTERVAL then H.argerror(1, fname, RANGE) end
  return ms
end

local function disarm(st)
  if st.running then
    st.running = false
    running[st.id] = nil
    host.tmr_disarm(st.id)
  end
end

local function arm(t, st)
  st.running = true
  running[st.id] = t
  host.tmr_arm(st.id, st.interval, st.mode == AUTO)
end

function tmr.create()
  next_id = next_id + 1
  local t = setmetatable({}, Timer)
  state[t] = { id = next_id, registered = false, running = false }
  return t
end

-- t:register(interval_ms, mode, fn): configures the timer without starting it.
function methods.register(t, interval, mode, fn)
  local st = check(t, "register")
  interval = checkinterval(interval, "register")
  mode = H.checkint(mode, 2, "register")
  if mode ~= SINGLE and mode ~= AUTO and mode ~= SEMI then H.argerror(2, "register", "Invalid mode") end
  if type(fn) ~= "function" then H.argerror(3, "register", "Must be function") end
  disarm(st)
  st.registered, st.interval, st.mode, st.fn = true, interval, mode, fn
end

-- t:start([restart]) -> true when it started; false when not registered, or already running
-- and not asked to restart.
function methods.start(t, restart)
  local st = check(t, "start")
  if restart ~= nil and type(restart) ~= "boolean" then H.argerror(1, "start", "boolean expected") end
  if not st.registered then return false end
  if st.running then
    if not restart then return false end
    disarm(st)
  end
  arm(t, st)
  return true
end

function methods.alarm(t, interval, mode, fn)
  methods.register(t, interval, mode, fn)
  return methods.start(t)
end

-- t:stop() -> true when it was running.
function methods.stop(t)
  local st = check(t, "stop")
  local was = st.running
  disarm(st)
  return was
end

function methods.unregister(t)
  local st = check(t, "unregister")
  disarm(st)
  st.registered, st.fn = false, nil
end

function methods.interval(t, interval)
  local st = check(t, "interval")
  interval = checkinterval(interval, "interval")
  if st.registered then
    st.interval = interval
    if st.running then
      disarm(st)
      arm(t, st)
    end
  end
end

-- t:state() -> running, mode; nil when not registered.
function methods.state(t)
  local st = check(t, "state")
  if not st.registered then return nil end
  return st.running, st.mode
end

-- tmr.now(): the 31-bit microsecond system counter.
function tmr.now()
  return host.micros()
end

-- tmr.time(): seconds since boot.
function tmr.time()
  return host.uptime_s()
end

function tmr.wdclr() end

-- tmr.delay(us): busy-waits; time passes and nothing else runs.
function tmr.delay(us)
  us = H.checkint(us, 1, "delay")
  if us <= 0 then H.argerror(1, "delay", "wrong arg range") end
  host.delay(us)
end

--- An armed timer expired: applies its mode and runs its callback; the error, or nil.
function H.entry.timer(id)
  local t = running[id]
  if t == nil then return nil end
  local st = state[t]
  local fn = st.fn
  if st.mode == SINGLE then
    st.running, st.registered, st.fn = false, false, nil
    running[id] = nil
  elseif st.mode == SEMI then
    st.running = false
    running[id] = nil
  end
  return H.protect(fn, t)
end

return tmr
