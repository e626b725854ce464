-- mix.lua — wrk's script for the load and soak tests (tests/faults/20_load.t,
-- 90_soak.t, through EBFault::run_wrk): a mix of the pages a signed-in
-- user opens and POSTs of a workout, each request as one of the users
-- given after "--" (pairs: Cookie header, CSRF token) in turn. Every POST
-- has a submission id of its own, so each one saves a workout. Prints one
-- line "WRK-RESULT key=value ..." at the end: requests, socket errors,
-- responses by class of status, requests/s and latency percentiles (ms).
--
--   wrk -t2 -c64 -d60s -s tests/faults/mix.lua URL -- COOKIE CSRF COOKIE CSRF ...

local threads = {}
local nthreads = 0

function setup(thread)
	nthreads = nthreads + 1
	thread:set("tid", nthreads)
	table.insert(threads, thread)
end

-- Per thread: the users and where the next request starts; the counters
-- are globals, which done() reads with thread:get.
local users = {}
local n = 0
local run = 0
s2, s3, s4, s5, posts = 0, 0, 0, 0, 0

-- The pages, and how many times in 6 a POST of a workout comes.
local pages = { "/dashboard", "/workouts", "/week", "/stats", "/login" }

function init(args)
	for i = 1, #args, 2 do
		table.insert(users, { cookie = args[i], csrf = args[i + 1] })
	end
	-- A submission id unique to this run and thread: 8 hex digits of
	-- time, the thread, then a counter.
	run = os.time() % 0x100000000
	math.randomseed(os.time() + tid)
end

local function urlencode(s)
	return (s:gsub("[^%w%-%._~]", function(c)
		return string.format("%%%02X", string.byte(c))
	end))
end

local function post(u)
	posts = posts + 1
	local sub = string.format("%08x-%04x-4000-8000-%012x", run, tid, posts)
	local t = 1735689600 + 60 * (posts % 100000)
	local body = "csrf=" .. urlencode(u.csrf) ..
	    "&exercise=push-up&reps=" .. (1 + posts % 50) ..
	    "&minutes=&seconds=&calories=&note=" ..
	    "&date=" .. os.date("!%Y-%m-%d", t) ..
	    "&time=" .. urlencode(os.date("!%H:%M", t)) ..
	    "&submission=" .. sub
	return wrk.format("POST", "/workouts/new", {
		["Cookie"] = u.cookie,
		["Content-Type"] = "application/x-www-form-urlencoded",
	}, body)
end

function request()
	n = n + 1
	local u = users[(n % #users) + 1]
	local k = n % 6
	if k == 0 then
		return post(u)
	end
	return wrk.format("GET", pages[k], { ["Cookie"] = u.cookie })
end

function response(status, headers, body)
	if status >= 500 then
		s5 = s5 + 1
	elseif status >= 400 then
		s4 = s4 + 1
	elseif status >= 300 then
		s3 = s3 + 1
	else
		s2 = s2 + 1
	end
end

function done(summary, latency, requests)
	local c = { s2 = 0, s3 = 0, s4 = 0, s5 = 0, posts = 0 }
	for _, t in ipairs(threads) do
		for k, _ in pairs(c) do
			c[k] = c[k] + (t:get(k) or 0)
		end
	end
	local e = summary.errors
	local secs = summary.duration / 1e6
	io.write(string.format("WRK-RESULT requests=%d duration_us=%d " ..
	    "connect=%d read=%d write=%d timeout=%d status=%d " ..
	    "s2xx=%d s3xx=%d s4xx=%d s5xx=%d posts=%d rps=%.1f " ..
	    "p50=%.1f p90=%.1f p99=%.1f p999=%.1f max=%.1f\n",
	    summary.requests, summary.duration, e.connect, e.read, e.write,
	    e.timeout, e.status, c.s2, c.s3, c.s4, c.s5, c.posts,
	    summary.requests / secs,
	    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
	    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
	    latency.max / 1000))
end
