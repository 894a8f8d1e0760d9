-- wrk script: report the requests, p50/p95/p99 latency and errors (failed connections and
-- answers of 400 and above); given paths (after --), spread the requests over them.
local paths = {}
local counter = 0

function init(args)
  for _, path in ipairs(args) do table.insert(paths, path) end
end

function request()
  if #paths == 0 then return wrk.format() end
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors))
end
