-- node: NodeMCU's system module (app/modules/node.c), the parts the firmware and upload tools use.
local H = ...
local host, config = H.host, H.config

local node = { CPU80MHZ = 80, CPU160MHZ = 160 }

local cpufreq = 80

--- Lua's memory use at boot (KB), which heap() counts from.
H.baseline_kb = 0

--- Called once the modules are installed.
function H.entry.mark_heap()
  collectgarbage()
  collectgarbage()
  H.baseline_kb = collectgarbage("count")
end

-- node.egc's mode; in the default ALWAYS the board collects before every allocation, so its heap
-- holds no garbage to speak of.
local EGC_ALWAYS = 4
local egc_mode = EGC_ALWAYS

-- node.heap(): the free heap an ESP8266 would report: the heap free at boot less Lua's memory
-- growth since boot (less the code loaded from LFS, which runs from flash). In egc mode ALWAYS
-- the garbage is collected first; in the other modes it counts, as on the board.
function node.heap()
  if egc_mode == EGC_ALWAYS then collectgarbage() end
  local used = (collectgarbage("count") - H.baseline_kb - H.code_kb) * 1024
  return math.max(0, math.min(config.heap_bytes, config.heap_bytes - math.floor(used)))
end

-- node.restart(): the board restarts once the running callback returns.
function node.restart()
  host.restart()
end

function node.chipid()
  return config.chip_id
end

-- node.output(fn[, serial_debug]): print's output goes to fn(str); also to UART0 unless
-- serial_debug is 0. node.output() restores plain UART0 output.
function node.output(fn, serial_debug)
  if type(fn) == "function" then
    H.set_output(fn, tonumber(serial_debug) ~= 0)
  else
    H.set_output(nil, true)
  end
end

function node.getcpufreq()
  return cpufreq
end

function node.setcpufreq(mhz)
  mhz = H.checkint(mhz, 1, "setcpufreq")
  if mhz ~= 80 and mhz ~= 160 then H.argerror(1, "setcpufreq", "wrong arg range") end
  cpufreq = mhz
  return mhz
end

-- node.compile("x.lua"): writes the bytecode to "x.lc" (Lua 5.4 bytecode here, not 5.1's).
function node.compile(name)
  if type(name) ~= "string" then H.argerror(1, "compile", "string expected, got " .. type(name)) end
  local source = H.readfile(name)
  if source == nil then error("cannot open " .. name, 0) end
  local chunk, err = load(source, "@" .. name, "t")
  if chunk == nil then error(err, 0) end
  host.fs_write((name:gsub("%.lua$", "")) .. ".lc", H.tohex(string.dump(chunk)))
end

-- node.egc.setmode(mode[, limit]): Lua 5.4 here keeps collecting incrementally whatever the
-- mode; the mode only decides whether node.heap() counts uncollected garbage.
local egc = { NOT_ACTIVE = 0, ON_ALLOC_FAILURE = 1, ON_MEM_LIMIT = 2, ALWAYS = EGC_ALWAYS }

function egc.setmode(mode, limit)
  mode = H.checkint(mode, 1, "setmode")
  if mode ~= 0 and mode ~= 1 and mode ~= 2 and mode ~= 4 then H.argerror(1, "setmode", "invalid mode") end
  if mode == egc.ON_MEM_LIMIT then H.checkint(limit, 2, "setmode") end
  egc_mode = mode
end

node.egc = H.module("node.egc", egc)

-- node.LFS: the Lua Flash Store. node.LFS.<name> is node.LFS.get(name): nil for no such module.
local LFS = {}

-- reload(image file): on success the board restarts into the new store; else the error.
function LFS.reload(name)
  if type(name) ~= "string" then H.argerror(1, "reload", "string expected, got " .. type(name)) end
  local err = host.lfs_reload(name)
  if err ~= nil then return err end
  -- The board flashes the image and restarts at once: nothing after the call runs.
  host.restart()
  error("node.LFS.reload: restarting into the new LFS image", 0)
end

function LFS.get(name)
  if type(name) ~= "string" then return nil end
  return H.lfs_chunk(name)
end

function LFS.list()
  local names = {}
  for name in host.lfs_names():gmatch("[^,]+") do names[#names + 1] = name end
  return names
end

node.LFS = setmetatable(LFS, { __index = function(_, key) return LFS.get(key) end })

-- node.getpartitiontable(): the flash's partitions; lfs_size 0 on a build without LFS.
function node.getpartitiontable()
  local total = host.fs_info():match("%d+ (%d+)")
  return { lfs_size = host.lfs_size(), spiffs_size = tonumber(total) }
end

return node
