-- The two Lua subjects of the benchmark over the same workload (bench/workload.ts):
-- "device", the transpiled kernels (the step function kernels.selectStep chooses), and "hand", the hand-written hand_leaky.step.
-- Each is driven the same way: one step call per time step, replaying the input block.
local configure = require("device.configure")
local kernels = require("device.kernels")
local hand_leaky = require("hand_leaky")

local M = {}

-- The Park-Miller inputs of bench/workload.ts, value for value. Float arithmetic on purpose:
-- fengari's integers are 32-bit and would overflow (exact in doubles: products stay below 2^53).
local function inputs(w)
  local t, x = {}, w.seed + 0.0
  for k = 1, w.n * w.steps do
    x = x * 16807.0 % 2147483647.0
    t[k] = x / 2147483647 * w.inputScale
  end
  return t
end

-- Returns { run = function(rounds), memSum = function() } for kind "device" or "hand".
function M.prepare(kind, w)
  local x, n, steps = inputs(w), w.n, w.steps
  local state, run
  if kind == "device" then
    -- No rounding hook: the build erased it from the Lua code.
    local configured = configure.configureLayer(w.model, w.reset, w.dtype, n, w.paramIds, w.paramValues, {}, {}, nil)
    state = configured.layer
    if state == nil then error("configureLayer failed with device error " .. configured.error) end
    -- The model's step function is chosen once per run, as the device's recordSteps does.
    local step = kernels.selectStep(state)
    -- The transpiled kernel indexes inputs[base + i + 1] for 0-based neuron i. Each subject has
    -- its own copy of the driver loop so LuaJIT traces each on its own bytecode.
    run = function(rounds)
      for _ = 1, rounds do
        for t = 0, steps - 1 do step(state, x, t * n) end
      end
    end
  elseif kind == "hand" then
    state = hand_leaky.new(n, w.beta, w.threshold)
    local step = hand_leaky.step
    run = function(rounds)
      for _ = 1, rounds do
        for t = 0, steps - 1 do step(state, x, t * n) end
      end
    end
  else
    error("unknown subject " .. tostring(kind))
  end
  local function memSum()
    local sum = 0
    for i = 1, n do sum = sum + state.mem[i] end
    return sum
  end
  return { run = run, memSum = memSum }
end

return M
