-- The baseline: a Leaky layer as one would write it by hand in Lua, with the device's
-- semantics (reset from the previous membrane, subtract the threshold, spike from the new one).
local M = {}

function M.new(n, beta, threshold)
  local s = { n = n, beta = {}, threshold = {}, mem = {}, spk = {} }
  for i = 1, n do
    s.beta[i], s.threshold[i], s.mem[i], s.spk[i] = beta, threshold, 0, 0
  end
  return s
end

-- One step; the inputs of neuron i are at inputs[base + i].
function M.step(s, inputs, base)
  local beta, threshold, mem, spk = s.beta, s.threshold, s.mem, s.spk
  for i = 1, s.n do
    local u, th = mem[i], threshold[i]
    local x = beta[i] * u + inputs[base + i]
    if u > th then x = x - th end
    mem[i] = x
    spk[i] = x > th and 1 or 0
  end
end

return M
