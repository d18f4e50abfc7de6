#!/usr/bin/env bash
# The Durable Object workloads of issue 4, edged vs workerd on the same Worker code, one server
# after the other (both keep objects in SQLite files on disk):
#
#   bench/objects.sh
#
#   counter       increments/s on one object over HTTP: wrk (64 connections) → Worker → RPC to
#                 the object → ctx.storage get + put. Afterwards the stored count must be at
#                 least the number of requests wrk saw answered.
#   ws-idle       10,000 WebSockets accepted by one object with ctx.acceptWebSocket, left idle
#                 until the object is evicted (edged: --do-idle-ms 2000; workerd evicts after
#                 10 s of inactivity): the server's RSS growth per socket (clients/ws_idle.mjs)
#   ws-broadcast  1,000 sockets on one object, one message sent to all of them: time from the
#                 send until the last socket has it, and messages delivered/s
#                 (clients/ws_broadcast.mjs)
#
# Every workload runs BENCH_REPS times on each server (a fresh process each time); the report
# gives medians. Markdown report on stdout and in bench/.build/objects.md, raw figures in
# objects.tsv.
#
# Environment (all optional), besides EDGED, WORKERD, BENCH_QUIET_WAIT of bench/run.sh:
#   BENCH_REPS         repetitions per workload and server (default 3)
#   BENCH_DURATION     measured wrk run (default 10s), after a BENCH_WARMUP one (default 2s)
#   BENCH_IDLE_SOCKETS sockets of ws-idle (default 10000)
#   BENCH_IDLE_WAIT_MS how long ws-idle leaves them idle (default 15000)
#   BENCH_FANOUT       sockets of ws-broadcast (default 1000)
#   BENCH_WORKLOADS    default "counter ws-idle ws-broadcast"
#   BENCH_SERVERS      default "workerd edged-t1 edged-t2"
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RESULTS_TSV="$BUILD_DIR/objects.tsv"
RESULTS_MD="$BUILD_DIR/objects.md"
REPS="${BENCH_REPS:-3}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
IDLE_SOCKETS="${BENCH_IDLE_SOCKETS:-10000}"
IDLE_WAIT_MS="${BENCH_IDLE_WAIT_MS:-15000}"
FANOUT="${BENCH_FANOUT:-1000}"
WORKLOADS="${BENCH_WORKLOADS:-counter ws-idle ws-broadcast}"
SERVERS="${BENCH_SERVERS:-workerd edged-t1 edged-t2}"
EDGED_IDLE_MS=2000  # --do-idle-ms for ws-idle: well inside IDLE_WAIT_MS

record() { (IFS=$'\t'; echo "$*") >>"$RESULTS_TSV"; }

# One field of the JSON object a client printed.
json_field() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# After the counter's load: the stored count against the requests wrk counted as answered
# (warm-up and readiness requests add to the count, so it may only be higher).
COUNTER_LOST=0
check_counter() {
  local server="$1" answered stored
  answered="$(awk '/requests in/ { print $1 }' <<<"$3")"
  stored="$(curl -sS "http://127.0.0.1:$SERVER_PORT/count")"
  COUNTER_LOST=$((answered > stored ? answered - stored : 0))
  log "counter on $server: $answered requests answered, count $stored"
}

measure_counter() {
  local server="$1" rep="$2" rps p50 p99 errors cpu rss other
  READY_PATH="/count" LOAD_CHECK=check_counter CONNECTIONS=64 WRK_THREADS=2
  measure_load "$server" counter
  read -r rps p50 p99 errors cpu rss other <<<"$FIELDS"
  record counter "$server" "$rep" increments_per_s "$rps"
  record counter "$server" "$rep" p50_ms "$p50"
  record counter "$server" "$rep" p99_ms "$p99"
  record counter "$server" "$rep" errors "$errors"
  record counter "$server" "$rep" lost_increments "$COUNTER_LOST"
  record counter "$server" "$rep" peak_rss_mib "$rss"
  record counter "$server" "$rep" other_cpu_s "$other"
  log "counter on $server: $rps increments/s, p99 $p99 ms, $errors errors"
}

measure_ws_idle() {
  local server="$1" rep="$2" result
  READY_PATH="/" EDGED_EXTRA_ARGS=(--do-idle-ms "$EDGED_IDLE_MS")
  start_server "$server" room
  EDGED_EXTRA_ARGS=()
  result="$(node "$BENCH_DIR/clients/ws_idle.mjs" --url "ws://127.0.0.1:$SERVER_PORT/" \
    --pid "${SERVER_PIDS[0]}" --sockets "$IDLE_SOCKETS" --idle-ms "$IDLE_WAIT_MS")"
  echo "$result" >"$LOG_DIR/$server-ws-idle.$rep.json"
  record ws-idle "$server" "$rep" bytes_per_socket "$(json_field "$result" bytes_per_socket)"
  record ws-idle "$server" "$rep" bytes_per_socket_open "$(json_field "$result" bytes_per_socket_open)"
  record ws-idle "$server" "$rep" rss_before_mib \
    "$(awk -v k="$(json_field "$result" rss_before_kib)" 'BEGIN { printf "%.1f", k / 1024 }')"
  record ws-idle "$server" "$rep" rss_idle_mib \
    "$(awk -v k="$(json_field "$result" rss_idle_kib)" 'BEGIN { printf "%.1f", k / 1024 }')"
  record ws-idle "$server" "$rep" hibernated \
    "$(( $(json_field "$result" constructed_after) > $(json_field "$result" constructed_open) ))"
  log "ws-idle on $server: $result"
  stop_server
}

measure_ws_broadcast() {
  local server="$1" rep="$2" result
  READY_PATH="/"
  start_server "$server" room
  result="$(node "$BENCH_DIR/clients/ws_broadcast.mjs" --url "ws://127.0.0.1:$SERVER_PORT/" \
    --sockets "$FANOUT")"
  echo "$result" >"$LOG_DIR/$server-ws-broadcast.$rep.json"
  record ws-broadcast "$server" "$rep" delivered_per_s "$(json_field "$result" delivered_per_s)"
  record ws-broadcast "$server" "$rep" broadcast_ms "$(json_field "$result" median_ms)"
  record ws-broadcast "$server" "$rep" peak_rss_mib "$(server_peak_rss_mib)"
  log "ws-broadcast on $server: median $(json_field "$result" median_ms) ms"
  stop_server
}

describe_run() {
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "edged=$("$EDGED" --version 2>&1 | head -1) ($EDGED)"
    echo "workerd=$("$WORKERD" --version 2>&1 | head -1)"
    echo "reps=$REPS; wrk ${DURATION} after a ${WARMUP} warm-up; $IDLE_SOCKETS idle sockets left ${IDLE_WAIT_MS} ms; broadcast to $FANOUT"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$BUILD_DIR/objects-machine.txt"
}

main() {
  for tool in wrk curl python3 node; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
  done
  # 10,000 sockets need 10,000 descriptors in the client and in the server (they inherit this).
  ulimit -n "$(ulimit -Hn)"
  if (($(ulimit -n) < IDLE_SOCKETS + 1000)); then
    log "ulimit -n is $(ulimit -n): too low for $IDLE_SOCKETS sockets"
    exit 1
  fi
  mkdir -p "$BUILD_DIR" "$LOG_DIR"
  describe_run
  printf 'workload\tserver\trep\tmetric\tvalue\n' >"$RESULTS_TSV"
  local workload server rep
  for workload in $WORKLOADS; do
    for ((rep = 1; rep <= REPS; rep++)); do
      for server in $SERVERS; do
        wait_for_quiet_machine
        log "$workload on $server, repetition $rep of $REPS"
        case "$workload" in
          counter) measure_counter "$server" "$rep" ;;
          ws-idle) measure_ws_idle "$server" "$rep" ;;
          ws-broadcast) measure_ws_broadcast "$server" "$rep" ;;
          *) log "unknown workload: $workload"; exit 1 ;;
        esac
      done
    done
  done
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$BUILD_DIR/objects-machine.txt"
  python3 "$BENCH_DIR/report_runs.py" "$RESULTS_TSV" "$BUILD_DIR/objects-machine.txt" | tee "$RESULTS_MD"
  log "report written to $RESULTS_MD; server logs in $LOG_DIR"
}

main "$@"
