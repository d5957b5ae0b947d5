-- The baseline: a Linear → Leaky → Linear → Leaky network as one would write it by hand in Lua,
-- with the device's semantics (Linear summed from the first input up, then the bias; Leaky with a
-- subtract reset from the previous membrane and the spike from the new one).
local M = {}

local function layer(n, fanIn, weight, bias, beta, threshold)
  local s = { n = n, fanIn = fanIn, w = weight, b = bias, beta = beta, threshold = threshold, cur = {}, mem = {}, spk = {} }
  for i = 1, n do s.cur[i], s.mem[i], s.spk[i] = 0, 0, 0 end
  return s
end

-- layers: { {n, fanIn, weight (flat, row-major), bias, beta, threshold}, … }
function M.new(layers)
  local net = {}
  for k, l in ipairs(layers) do net[k] = layer(l.n, l.fanIn, l.weight, l.bias, l.beta, l.threshold) end
  return net
end

-- One step; the network's inputs are at inputs[base + 1 … base + fanIn of the first layer].
function M.step(net, inputs, base)
  local x, at = inputs, base
  for k = 1, #net do
    local s = net[k]
    local w, b, cur, mem, spk, beta, th, fanIn = s.w, s.b, s.cur, s.mem, s.spk, s.beta, s.threshold, s.fanIn
    for i = 1, s.n do
      local row, sum = (i - 1) * fanIn, 0
      for j = 1, fanIn do sum = sum + w[row + j] * x[at + j] end
      cur[i] = sum + b[i]
    end
    for i = 1, s.n do
      local u = mem[i]
      local v = beta * u + cur[i]
      if u > th then v = v - th end
      mem[i] = v
      spk[i] = v > th and 1 or 0
    end
    x, at = spk, 0
  end
end

return M
