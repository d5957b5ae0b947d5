-- Lua memory taken by a layer built by the transpiled configureLayer, in a stand-alone Lua.
--   lua heap.lua <package.path> <layers>
-- layers is a Lua table constructor: a list of { model, reset, dtype, n, paramIds,
-- paramValues, stateIds, stateValues }. Prints the interpreter's version, then per layer:
--   layer  index  bytes   (collectgarbage("count") after minus before, both after a full collection)
package.path = arg[1]
local layers = assert((loadstring or load)("return " .. arg[2]))()
local configure = require("device.configure")

local function used()
  collectgarbage()
  collectgarbage()
  return collectgarbage("count") * 1024
end

print("version", jit and jit.version or _VERSION)
for k, l in ipairs(layers) do
  local before = used()
  local configured = configure.configureLayer(l.model, l.reset, l.dtype, l.n, l.paramIds, l.paramValues, l.stateIds, l.stateValues, nil)
  local after = used()
  if configured.layer == nil then error("layer " .. k .. ": configureLayer failed with device error " .. configured.error) end
  print("layer", k, string.format("%d", after - before))
  configured = nil
end
