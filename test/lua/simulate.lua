-- Runs the transpiled device code's simulate() under a desktop Lua interpreter.
-- usage: lua simulate.lua <dir with the transpiled modules>  < case.lua
-- case.lua returns the flat arguments of simulate(); prints the error code, then one value a line.
local dir = arg[1]
package.path = dir .. "/?.lua;" .. package.path
local load_chunk = loadstring or load
local case = assert(load_chunk(io.read("*a")))()
local result = require("device.trace").simulate(case.model, case.reset, case.dtype, case.n,
  case.paramIds, case.paramValues, case.stateIds, case.stateValues, case.inputs, case.steps, nil)
io.write(result.error, "\n")
local out = result.out
for i = 1, #out do
  io.write(string.format("%.17g", out[i]), "\n")
end
