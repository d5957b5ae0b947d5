-- Times the Lua subjects inside a stand-alone interpreter (lua5.1, lua5.3, lua5.4, luajit).
--   lua clock.lua <package.path> <config>
-- config is a Lua table constructor: { warmupSeconds, runSeconds, runs, workloads = {...} },
-- optionally `subjects` (the module, default bench_subjects) and `kinds` (default device, hand).
-- The timing mirrors bench/timing.ts (timePair): one round of each subject for the check, warm
-- up and calibrate, then time the device code and the baseline alternately and keep each one's
-- best run. Prints the interpreter's version, then one tab-separated line per workload:
--   pair  n  rate  baselineRate  memSum  baselineMemSum   (rates in neuron-steps/s)
package.path = arg[1]
local config = assert((loadstring or load)("return " .. arg[2]))()
local subjects = require(config.subjects or "bench_subjects")

-- Rounds per second, measured while warming up.
local function warmUp(subject, seconds)
  local rounds, start = 0, os.clock()
  repeat
    subject.run(1)
    rounds = rounds + 1
  until os.clock() - start >= seconds
  return rounds / (os.clock() - start)
end

local function timed(subject, rounds)
  local start = os.clock()
  subject.run(rounds)
  return os.clock() - start
end

print("version", jit and jit.version or _VERSION)
for _, w in ipairs(config.workloads) do
  local pair = {}
  for k, kind in ipairs(config.kinds or { "device", "hand" }) do
    local subject = subjects.prepare(kind, w)
    subject.run(1)
    local memSum = subject.memSum()
    local rounds = math.max(1, math.ceil(config.runSeconds * warmUp(subject, config.warmupSeconds)))
    pair[k] = { subject = subject, memSum = memSum, rounds = rounds, best = math.huge }
  end
  for _ = 1, config.runs do
    for _, p in ipairs(pair) do
      p.best = math.min(p.best, timed(p.subject, p.rounds))
    end
  end
  local function rate(p) return string.format("%.17g", p.rounds * w.steps * w.n / p.best) end
  local function sum(p) return string.format("%.17g", p.memSum) end
  print("pair", w.n, rate(pair[1]), rate(pair[2]), sum(pair[1]), sum(pair[2]))
end
