-- The Lua side of the binary-safety check: what arrived from JS, and a string of bytes made in Lua.
-- `first` is 0 for all 256 byte values, or 1 to leave out the NUL byte.
local M = {}

-- type(s), #s (-1 if not a string) and whether s is exactly the bytes first..255.
function M.inspect(s, first)
  if type(s) ~= "string" then return { type = type(s), length = -1, intact = false } end
  local intact = #s == 256 - first
  for i = 1, #s do
    if s:byte(i) ~= first + i - 1 then intact = false end
  end
  return { type = "string", length = #s, intact = intact }
end

function M.bytes(first)
  local t = {}
  for b = first, 255 do t[#t + 1] = string.char(b) end
  return table.concat(t)
end

return M
