-- VM instructions per network step, counted with a count hook of 1 (every instruction):
--   lua network_instructions.lua <package.path> <config>   (config as for clock.lua, one workload)
-- Prints "instructions <device per step> <hand per step>".
package.path = arg[1]
local config = assert((loadstring or load)("return " .. arg[2]))()
local subjects = require("network_subjects")
local w = config.workloads[1]
local function count(kind)
  local subject = subjects.prepare(kind, w)
  local n = 0
  debug.sethook(function() n = n + 1 end, "", 1)
  subject.run(1)
  debug.sethook()
  return n / w.steps
end
print("instructions", count("device"), count("hand"))
