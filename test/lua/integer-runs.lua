-- Runs the transpiled device code's simulate() for many int-layer cases, under a desktop Lua
-- (`lua integer-runs.lua <dir with the transpiled modules> < cases.txt`, prints the result) or
-- in the in-process VM (global CASES_TEXT holds the cases; the chunk returns the result).
-- The cases are whitespace-separated numbers (too many for a Lua chunk's constant table):
--   cases, then per case: model reset dtype n steps, then five arrays (paramIds, paramValues,
--   stateIds, stateValues, inputs), each as its length followed by its values.
-- The result has per case one line: the error code, then every output value, space-separated.
if arg ~= nil and arg[1] ~= nil then
  package.path = arg[1] .. "/?.lua;" .. package.path
end
local simulate = require("device.trace").simulate
local text = CASES_TEXT or io.read("*a")
local words = string.gmatch(text, "%S+")

local function number()
  return assert(tonumber(words()), "truncated case file")
end

local function array()
  local a = {}
  for i = 1, number() do
    a[i] = number()
  end
  return a
end

local lines = {}
for c = 1, number() do
  local model, reset, dtype, n, steps = number(), number(), number(), number(), number()
  local paramIds, paramValues, stateIds, stateValues, inputs = array(), array(), array(), array(), array()
  local result = simulate(model, reset, dtype, n, paramIds, paramValues, stateIds, stateValues, inputs, steps, nil)
  local out = result.out
  local cells = { tostring(result.error) }
  for i = 1, #out do
    cells[i + 1] = string.format("%.17g", out[i])
  end
  lines[c] = table.concat(cells, " ")
end
local all = table.concat(lines, "\n") .. "\n"
if CASES_TEXT ~= nil then
  return all
end
io.write(all)
