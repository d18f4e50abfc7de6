#!/usr/bin/env bash
# The Workers Analytics Engine workloads of issue 6, edged alone: Miniflare 4 simulates
# writeDataPoint but does not implement the SQL API, so there is nothing to compare the query
# with, and its writes go nowhere that can be read back.
#
#   bench/analytics.sh
#
#   write   a Worker that calls env.EVENTS.writeDataPoint (3 blobs, 2 doubles, 1 index) once
#           per request under wrk (64 connections): requests/s, and the points found on disk
#           afterwards divided by the run's length (points/s written)
#   groupby 1,000,000 points inserted directly into the point table (sqlite3), then a
#           GROUP BY over them through the SQL API (curl): seconds per query, median of 5
#
# Report on stdout and in bench/.build/analytics.md.
# Environment (all optional): EDGED (the binary, default build/release/src/edged),
#   BENCH_DURATION (wrk run, default 10s), BENCH_THREADS (edged --threads, default 1),
#   BENCH_POINTS (rows for groupby, default 1000000).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${BENCH_DURATION:-10s}"
THREADS="${BENCH_THREADS:-1}"
POINTS="${BENCH_POINTS:-1000000}"
TOKEN="bench-token"
WORK="$(mktemp -d)"
trap 'stop_server 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$BUILD_DIR"

cat > "$WORK/wrangler.jsonc" <<JSON
{ "name": "ae-bench", "main": "index.js", "compatibility_date": "$COMPATIBILITY_DATE",
  "analytics_engine_datasets": [{ "binding": "EVENTS", "dataset": "events" }] }
JSON
cat > "$WORK/index.js" <<'JS'
let n = 0;
export default {
  fetch(request, env) {
    n++;
    env.EVENTS.writeDataPoint({ indexes: ['tenant-' + (n % 100)], blobs: ['/path/' + (n % 50), 'GET', '200'],
                                doubles: [n % 1000, 1] });
    return new Response('ok');
  },
};
JS
printf '%s\n' "$TOKEN" > "$WORK/token"

start_edged() {
  local port admin_port
  port=$(free_port)
  admin_port=$(free_port)
  "$EDGED" serve "$WORK/wrangler.jsonc" --port "$port" --threads "$THREADS" --data-dir "$WORK/data" \
    --admin "127.0.0.1:$admin_port" --admin-token-file "$WORK/token" --log-level warn \
    > "$WORK/edged.log" 2>&1 &
  SERVER_PIDS=($!)
  SERVER_PORT="$port"
  ADMIN="http://127.0.0.1:$admin_port"
  wait_until_answering "http://127.0.0.1:$port/" hello
}

query() {
  curl -s -H "Authorization: Bearer $TOKEN" --data-binary "$1" \
    "$ADMIN/client/v4/accounts/bench/analytics_engine/sql"
}

# --- write ---
start_edged
log "write: wrk -c$CONNECTIONS for $DURATION"
read -r rps p50 p99 errors < <(run_wrk hello "$DURATION" | parse_wrk_output)
sleep 1
stop_server
seconds="${DURATION%s}"
rows=$(sqlite3 "$WORK/data/analytics-engine/points.sqlite" "SELECT count(*) FROM points")
points_per_s=$(python3 -c "print(round($rows / $seconds))")

# --- groupby ---
log "groupby: inserting $POINTS points"
python3 - "$WORK/data/analytics-engine/points.sqlite" "$POINTS" <<'PY'
import sqlite3, sys, time, random
db = sqlite3.connect(sys.argv[1])
n = int(sys.argv[2])
now = int(time.time())
cols = "dataset, timestamp, _sample_interval, index1, blob1, blob2, double1, double2"
rows = (("million", now - random.randrange(7 * 86400), 1, f"tenant-{i % 1000}", f"/path/{i % 200}",
         random.choice(("GET", "POST", "PUT")), random.random() * 1000, 1.0) for i in range(n))
db.execute("INSERT OR IGNORE INTO datasets (name) VALUES ('million')")
db.executemany(f"INSERT INTO points ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
db.commit()
PY
start_edged
GROUP_BY="SELECT blob1 AS path, blob2 AS method, count() AS n, sum(_sample_interval * double1) AS total,
  avg(double1) AS mean FROM million WHERE timestamp > NOW() - INTERVAL '7' DAY
  GROUP BY path, method ORDER BY n DESC LIMIT 10"
query "$GROUP_BY" > "$WORK/first.json"
grep -q '"rows":10' "$WORK/first.json" || { cat "$WORK/first.json" >&2; exit 1; }
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s.%N)
  query "$GROUP_BY" > /dev/null
  end=$(date +%s.%N)
  times+=("$(python3 -c "print(f'{$end - $start:.3f}')")")
done
stop_server
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)

{
  echo "## Analytics Engine (edged only; Miniflare 4 has no SQL API)"
  echo
  echo "| workload | figure |"
  echo "| --- | --- |"
  echo "| write: requests/s, one writeDataPoint each (--threads $THREADS, $DURATION) | $rps (p50 ${p50} ms, p99 ${p99} ms, errors $errors) |"
  echo "| write: points on disk / s | $points_per_s ($rows points) |"
  echo "| groupby: GROUP BY over $POINTS points via the SQL API, median of 5 | ${median} s (runs: ${times[*]}) |"
} | tee "$BUILD_DIR/analytics.md"
