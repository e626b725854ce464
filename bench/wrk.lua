-- bench/wrk.lua — wrk's script for bench/run: each request is one line of
-- a requests file, in turn (each thread starts at a line of its own). A
-- line is
--
--   METHOD <TAB> PATH <TAB> COOKIE <TAB> CSRF
--
-- a GET of PATH with that Cookie header, or "POST" to log a workout
-- through PATH (/workouts/new?log) with the CSRF token of that session
-- and a submission id of its own for every request (NONCE, a number
-- unique to the run, then the thread and a counter), so that each POST
-- saves a workout. COOKIE and CSRF may be empty (the static file).
--
--   wrk -t2 -c8 -d5s -s bench/wrk.lua URL -- FILE NONCE
--
-- At the end it prints one line "BENCH-RESULT key=value ...": requests,
-- duration_us, rps, latency p50 p90 p99 max (ms), wrk's socket errors
-- (connect read write timeout) and status_errors, its answers of 400 or
-- more.
--
-- No response(): with it, wrk copies every answer into Lua, a string of
-- 81 KB a /stats page, on the cores it shares with what it measures
-- (0.05 ms a request there). bench/run counts the statuses in nginx's
-- log. The GET requests are formatted once, not at each request.

local threads = 0

function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

-- Per thread.
local lines = {}
local n = 0
local posts = 0
local nonce = 0

function init(args)
	local file = assert(io.open(args[1], "r"))
	for line in file:lines() do
		local m, p, c, t = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
		if m == "POST" then
			table.insert(lines, { path = p, cookie = c, csrf = t })
		elseif m then
			table.insert(lines, { get = wrk.format(m, p,
			    c ~= "" and { ["Cookie"] = c } or nil) })
		end
	end
	file:close()
	assert(#lines > 0, "no requests in " .. args[1])
	nonce = tonumber(args[2]) or 0
	-- Threads start at lines of their own: different users at once.
	n = ((tid - 1) * 7919) % #lines
end

local function urlencode(s)
	return (s:gsub("[^%w%-%._~]", function(c)
		return string.format("%%%02X", string.byte(c))
	end))
end

-- A workout of three sets of push-ups, some day in the last three years.
local function post(l)
	posts = posts + 1
	local sub = string.format("%08x-%04x-4000-8000-%012x", nonce % 0x100000000,
	    tid, posts)
	local t = os.time() - 86400 * (1 + posts % 1000) - 60 * (posts % 600)
	local body = "csrf=" .. urlencode(l.csrf) ..
	    "&exercise=push-up&nsets=3&reps=20&reps_2=15&reps_3=12" ..
	    "&minutes=&seconds=&load=&minutes_2=&seconds_2=&load_2=" ..
	    "&minutes_3=&seconds_3=&load_3=&calories=&note=" ..
	    "&date=" .. os.date("!%Y-%m-%d", t) ..
	    "&time=" .. urlencode(os.date("!%H:%M", t)) ..
	    "&submission=" .. sub
	return wrk.format("POST", l.path, {
		["Cookie"] = l.cookie,
		["Content-Type"] = "application/x-www-form-urlencoded",
	}, body)
end

function request()
	n = n + 1
	local l = lines[(n % #lines) + 1]
	return l.get or post(l)
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("BENCH-RESULT requests=%d duration_us=%d rps=%.1f " ..
	    "p50=%.2f p90=%.2f p99=%.2f max=%.2f connect=%d read=%d write=%d " ..
	    "timeout=%d status_errors=%d\n",
	    summary.requests, summary.duration,
	    summary.requests / (summary.duration / 1e6),
	    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
	    latency:percentile(99) / 1000, latency.max / 1000,
	    e.connect, e.read, e.write, e.timeout, e.status))
end
