-- wrk script for the json workload: POST the body in $BENCH_BODY_FILE (bench/json-body.json).
local path = os.getenv("BENCH_BODY_FILE") or "bench/json-body.json"
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
