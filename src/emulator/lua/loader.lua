-- Loading Lua from the flash filesystem, as NodeMCU does: dofile, loadfile and require read the
-- board's SPIFFS (not the host's disk). require("a.b") looks for "a/b.lc", then "a/b.lua".
local H = ...
local host = H.host

--- The contents of a flash file, or nil when it does not exist.
function H.readfile(name)
  local hex = host.fs_read(name)
  if hex == nil then return nil end
  return H.fromhex(hex)
end

--- Lua memory (KB) taken by code loaded from the Lua Flash Store (node.LFS), which runs from
--- flash on the board: node.heap() leaves it out.
H.code_kb = 0

--- The heap an ESP8266 would have left (bytes; negative when it ran out), garbage collected.
function H.heap_free()
  collectgarbage()
  return H.config.heap_bytes - math.floor((collectgarbage("count") - H.baseline_kb - H.code_kb) * 1024)
end

-- Code loaded from the file system is compiled into the heap, as on the board: a file that does
-- not fit fails with the board's "not enough memory".
local function loadflash(name)
  local source = H.readfile(name)
  if source == nil then return nil, "cannot open " .. name end
  host.fs_loaded(name)
  local chunk, err = load(source, "@" .. name, "bt")
  if chunk ~= nil and H.heap_free() < 0 then return nil, "not enough memory" end
  return chunk, err
end

--- node.LFS.get(name): the module's main function from the Lua Flash Store, or nil. Its code
--- takes no heap (see lfs.ts for where the emulator's LFS code comes from).
function H.lfs_chunk(name)
  local hex = host.lfs_source(name)
  if hex == nil then return nil end
  collectgarbage()
  local before = collectgarbage("count")
  local chunk = assert(load(H.fromhex(hex), "@" .. name .. ".lua", "t"))
  collectgarbage()
  H.code_kb = H.code_kb + math.max(0, collectgarbage("count") - before)
  host.fs_loaded(name .. ".lua")
  return chunk
end

function loadfile(name)
  return loadflash(name)
end

function dofile(name)
  local chunk, err = loadflash(name)
  if chunk == nil then error(err, 2) end
  return chunk()
end

local function flash_searcher(module)
  local base = module:gsub("%.", "/")
  local missing = {}
  for _, ext in ipairs({ ".lc", ".lua" }) do
    local name = base .. ext
    if host.fs_exists(name) then
      local chunk, err = loadflash(name)
      if chunk == nil then
        error(string.format("error loading module '%s' from file '%s':\n\t%s", module, name, err), 0)
      end
      return chunk, name
    end
    missing[#missing + 1] = "\n\tno file '" .. name .. "'"
  end
  return table.concat(missing)
end

package.path = "?.lc;?.lua"
package.cpath = ""
package.searchers = { package.searchers[1], flash_searcher }

--- Runs a flash file at boot (init.lua, or main.lua directly); the error message, or nil.
function H.entry.run(name)
  local chunk, err = loadflash(name)
  if chunk == nil then return err end
  return H.protect(chunk)
end

--- Test control: runs a chunk of Lua and returns its first result.
function H.entry.evaluate(code)
  local chunk, err = load(code, "=evaluate")
  if chunk == nil then error(err, 0) end
  return chunk()
end

return nil
