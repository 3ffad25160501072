-- bench/serve_load.lua: wrk script for bench/serve_load.sh.
--
-- Rotates every connection through the page, each asset and every API
-- endpoint, each once plain and once with Accept-Encoding: gzip (as a
-- browser asks), with the Host header the server accepts.  Counts every
-- answer that is not 2xx (wrk's own "Non-2xx or 3xx" lets 3xx pass) and
-- prints one machine-readable line at the end for the shell script.
--
-- Input (environment): PV_LOAD_HOST  host:port for the Host header
--                      PV_LOAD_PATHS space-separated request targets

local host = os.getenv("PV_LOAD_HOST")
local paths = {}
for p in string.gmatch(os.getenv("PV_LOAD_PATHS") or "/", "%S+") do
	paths[#paths + 1] = p
end

-- the full rotation, built once per thread: plain and gzip for each path
local reqs = {}
for _, p in ipairs(paths) do
	reqs[#reqs + 1] = wrk.format("GET", p, { ["Host"] = host })
	reqs[#reqs + 1] = wrk.format("GET", p, { ["Host"] = host, ["Accept-Encoding"] = "gzip" })
end

local threads = {}
local counter = 1

function setup(thread)
	-- each thread starts at a different place in the rotation
	thread:set("start", #threads * 3)
	threads[#threads + 1] = thread
end

function init(args)
	counter = (start or 0) % #reqs + 1
	bad = 0
	first_bad = 0
end

function request()
	local r = reqs[counter]
	counter = counter % #reqs + 1
	return r
end

function response(status, headers, body)
	if status < 200 or status > 299 then
		bad = bad + 1
		if first_bad == 0 then
			first_bad = status
		end
	end
end

function done(summary, latency, requests)
	local bad_total, first = 0, 0
	for _, t in ipairs(threads) do
		bad_total = bad_total + t:get("bad")
		if first == 0 then
			first = t:get("first_bad")
		end
	end
	local e = summary.errors
	io.write(string.format(
		"PV_LOAD requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d " ..
		"timeout=%d status=%d non2xx=%d first_non2xx=%d " ..
		"lat_mean_us=%.0f lat_p50_us=%d lat_p99_us=%d lat_max_us=%d rotation=%d\n",
		summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
		e.timeout, e.status, bad_total, first, latency.mean, latency:percentile(50),
		latency:percentile(99), latency.max, #reqs))
end
