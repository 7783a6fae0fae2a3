-- wrk script for tests/hardening/load_test.py: GET a rotating set of
-- /api/search URLs (one per line of the file given after "--"), each thread
-- starting at a different place; count 4xx and 5xx answers; print one
-- machine-readable line at the end.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. tostring(args[1])) end
  counter = (id * 7919) % #paths
  status4xx = 0
  status5xx = 0
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status >= 500 then
    status5xx = status5xx + 1
  elseif status >= 400 then
    status4xx = status4xx + 1
  end
end

function done(summary, latency, requests)
  local s4, s5 = 0, 0
  for _, t in ipairs(threads) do
    s4 = s4 + t:get("status4xx")
    s5 = s5 + t:get("status5xx")
  end
  io.write(string.format(
    "PRAXIS-LOAD requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d timeout=%d " ..
    "status4xx=%d status5xx=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f\n",
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, s4, s5, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
