-- The subjects of bench/integer.ts: the benchmark's Leaky layer (bench/workload.ts) stepped by
-- the transpiled kernels as a float64 layer ("device", bench_subjects.lua's own subject) and as
-- an int layer ("int": its parameters from w.int, its inputs the same Park-Miller currents
-- rounded to the layer's scale as src/host/quantize.ts rounds them).
local configure = require("device.configure")
local kernels = require("device.kernels")
local bench_subjects = require("bench_subjects")

local M = {}

-- Non-negative inputs: round half away from zero is floor(v + 0.5). Float arithmetic, as in
-- bench_subjects.lua; every value ends below 2^31.
local function inputs(w)
  local t, x = {}, w.seed + 0.0
  for k = 1, w.n * w.steps do
    x = x * 16807.0 % 2147483647.0
    t[k] = math.floor(x / 2147483647 * w.inputScale * w.int.scale + 0.5)
  end
  return t
end

function M.prepare(kind, w)
  if kind ~= "int" then return bench_subjects.prepare(kind, w) end
  local x, n, steps = inputs(w), w.n, w.steps
  local configured = configure.configureLayer(w.model, w.reset, w.int.dtype, n, w.int.paramIds, w.int.paramValues, {}, {}, nil)
  local state = configured.layer
  if state == nil then error("configureLayer failed with device error " .. configured.error) end
  -- The model's step function is chosen once per run, as the device's recordSteps does.
  local step = kernels.selectStep(state)
  local function run(rounds)
    for _ = 1, rounds do
      for t = 0, steps - 1 do step(state, x, t * n) end
    end
  end
  local function memSum()
    local sum = 0
    for i = 1, n do sum = sum + state.mem[i] end
    return sum
  end
  return { run = run, memSum = memSum }
end

return M
