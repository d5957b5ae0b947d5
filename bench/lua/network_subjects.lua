-- The two Lua subjects of the network benchmark (bench/network.ts), for bench/lua/clock.lua:
-- "device", the transpiled network (network-trace.buildNetwork, network.stepNetwork), and "hand",
-- hand_network.step. Both replay the same input block, one step call per time step.
local networkTrace = require("device.network-trace")
local network = require("device.network")
local hand_network = require("hand_network")

local M = {}

function M.prepare(kind, w)
  local x, steps, width = w.inputs, w.steps, w.width
  local layers, step, state
  if kind == "device" then
    local built = networkTrace.buildNetwork(w.description, nil)
    state = built.net
    if state == nil then error("buildNetwork failed with device error " .. built.error) end
    layers = state.layers
    step = network.stepNetwork
  else
    state = hand_network.new(w.hand)
    layers = state
    step = hand_network.step
  end
  local function run(rounds)
    for _ = 1, rounds do
      for t = 0, steps - 1 do step(state, x, t * width) end
    end
  end
  local function memSum()
    local sum = 0
    for k = 1, #layers do
      for i = 1, layers[k].n do sum = sum + layers[k].mem[i] end
    end
    return sum
  end
  return { run = run, memSum = memSum }
end

return M
