-- wrk script used by tools/bench: every thread walks a list of request paths
-- (one per line in the file given after "--"), starting at its own offset, and
-- done() prints one JSON line with the figures tools/bench and
-- tests/hardening/load_test.py read.
--   wrk -t2 -c64 -d10s -s rotate.lua http://127.0.0.1:PORT -- paths.txt
local paths = {}
local threads = {}
local counter = 0

local function load(file)
  local list = {}
  for line in io.lines(file) do
    if line ~= "" then list[#list + 1] = line end
  end
  return list
end

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  paths = load(args[1])
  local n = #paths
  idx = ((tid or 0) * 7919) % n
  non2xx, status4xx, status5xx = 0, 0, 0
end

function request()
  idx = idx + 1
  if idx > #paths then idx = 1 end
  return wrk.format("GET", paths[idx])
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  if status >= 500 then
    status5xx = status5xx + 1
  elseif status >= 400 then
    status4xx = status4xx + 1
  end
end

function done(summary, latency, requests)
  local bad, s4, s5 = 0, 0, 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
    s4 = s4 + (t:get("status4xx") or 0)
    s5 = s5 + (t:get("status5xx") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%.1f,"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,' ..
    '"err_timeout":%d,"non2xx":%d,"status4xx":%d,"status5xx":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout, bad, s4, s5))
end
