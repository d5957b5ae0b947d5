-- file: NodeMCU's SPIFFS module (docs/modules/file.md) over the emulator's flat flash
-- (src/emulator/filesystem.ts). An open file keeps its contents here as a Lua string and writes them
-- back to the flash on flush and close.
local H = ...
local host = H.host

local READ_CHUNK = 1024 -- FILE_READ_CHUNK
local NAME_MAX = 31     -- SPIFFS_OBJ_NAME_LEN - 1

local file = {}
local methods = {}
local File = { __index = H.module("file.obj", methods), __name = "file.obj" }
local current = nil -- the file the module-level functions act on (the last opened)

local MODES = {
  r = { read = true, mustexist = true },
  w = { write = true, truncate = true },
  a = { write = true, append = true },
  ["r+"] = { read = true, write = true, mustexist = true },
  ["w+"] = { read = true, write = true, truncate = true },
  ["a+"] = { read = true, write = true, append = true },
}

local function checkstring(v, n, fname)
  if type(v) ~= "string" then H.argerror(n, fname, "string expected, got " .. type(v)) end
  return v
end

-- file.open(name[, mode]) -> file object, or nil when it cannot be opened.
function file.open(name, mode)
  name = checkstring(name, 1, "open")
  mode = mode or "r"
  local m = MODES[mode]
  if m == nil then H.argerror(2, "open", "invalid mode") end
  if #name == 0 or #name > NAME_MAX then return nil end
  local existing = H.readfile(name)
  if existing == nil and m.mustexist then return nil end
  local data = existing
  if m.truncate or existing == nil then
    data = ""
    if not host.fs_write(name, "") then return nil end
  end
  local f = setmetatable({ name = name, mode = m, data = data, pos = 0, dirty = false, open = true }, File)
  current = f
  return f
end

local function check(f, fname)
  if getmetatable(f) ~= File then H.argerror(1, fname, "file.obj expected, got " .. type(f)) end
  if not f.open then error("file is closed", 0) end
  return f
end

function methods.flush(f)
  check(f, "flush")
  if f.dirty then
    f.dirty = false
    if not host.fs_write(f.name, H.tohex(f.data)) then return nil end
  end
  return true
end

function methods.close(f)
  check(f, "close")
  methods.flush(f)
  f.open = false
  if current == f then current = nil end
end

-- f:read([n | char]) -> up to n bytes (default 1024), or up to and including char; nil at EOF.
function methods.read(f, what)
  check(f, "read")
  if not f.mode.read then return nil end
  local data, pos = f.data, f.pos
  if pos >= #data then return nil end
  local last
  if type(what) == "string" then
    if #what ~= 1 then H.argerror(2, "read", "single character expected") end
    local at = data:find(what, pos + 1, true)
    last = math.min(at or #data, pos + READ_CHUNK)
  else
    last = math.min(#data, pos + H.optint(what, 2, "read", READ_CHUNK))
  end
  f.pos = last
  return data:sub(pos + 1, last)
end

function methods.readline(f)
  return methods.read(check(f, "readline"), "\n")
end

-- f:write(s) -> true, or nil when the file is not open for writing.
function methods.write(f, s)
  check(f, "write")
  s = checkstring(s, 2, "write")
  if not f.mode.write then return nil end
  local data = f.data
  if f.mode.append then f.pos = #data end
  if f.pos > #data then data = data .. string.rep("\0", f.pos - #data) end
  f.data = data:sub(1, f.pos) .. s .. data:sub(f.pos + #s + 1)
  f.pos = f.pos + #s
  f.dirty = true
  return true
end

function methods.writeline(f, s)
  if methods.write(f, s) == nil then return nil end
  return methods.write(f, "\n")
end

-- f:seek([whence[, offset]]) -> the new position; whence "set", "cur" (default) or "end".
function methods.seek(f, whence, offset)
  check(f, "seek")
  whence = whence or "cur"
  offset = H.optint(offset, 3, "seek", 0)
  local base = ({ set = 0, cur = f.pos, ["end"] = #f.data })[whence]
  if base == nil then H.argerror(2, "seek", "invalid option '" .. tostring(whence) .. "'") end
  local pos = base + offset
  if pos < 0 then return nil end
  f.pos = pos
  return pos
end

-- The module-level forms act on the last opened file.
for _, name in ipairs({ "close", "flush", "read", "readline", "write", "writeline", "seek" }) do
  file[name] = function(...)
    if current == nil then error("no file open", 0) end
    return methods[name](current, ...)
  end
end

function file.exists(name)
  return host.fs_exists(checkstring(name, 1, "exists"))
end

function file.remove(name)
  host.fs_remove(checkstring(name, 1, "remove"))
end

-- file.rename(old, new) -> false when old is missing or new exists.
function file.rename(old, new)
  return host.fs_rename(checkstring(old, 1, "rename"), checkstring(new, 2, "rename"))
end

-- file.list([pattern]) -> { name = size, ... }
function file.list(pattern)
  local result = {}
  for name, size in host.fs_list():gmatch("([^\n]*)\t(%d+)\n") do
    if pattern == nil or name:match(pattern) then result[name] = tonumber(size) end
  end
  return result
end

function file.getcontents(name)
  return H.readfile(checkstring(name, 1, "getcontents"))
end

function file.putcontents(name, data)
  name, data = checkstring(name, 1, "putcontents"), checkstring(data, 2, "putcontents")
  if #name == 0 or #name > NAME_MAX or not host.fs_write(name, H.tohex(data)) then return nil end
  return true
end

-- file.fsinfo() -> remaining, used, total bytes
function file.fsinfo()
  local used, total = host.fs_info():match("(%d+) (%d+)")
  used, total = tonumber(used), tonumber(total)
  return total - used, used, total
end

return file
