#!/usr/bin/env bash
# The storage-binding workloads of issue 5, edged vs Miniflare 4 (npm `miniflare`, which
# simulates KV, D1 and R2 on workerd) on the same Worker code, one server after the other (both
# persist to an empty directory on disk):
#
#   bench/storage.sh
#
#   kv   workers/kv: wrk (64 connections) on GET /get — env.KV.get of one key put before — then
#        on GET /put — env.KV.put of a new key per request (kv-get, kv-put: requests/s)
#   d1   workers/d1: a 10,000-row table filled first, then wrk on GET /select — a point
#        SELECT by primary key (random id) with .first() — and GET /insert — one INSERT with
#        .run() (d1-select, d1-insert: requests/s)
#   r2   workers/r2: a 100 MiB object PUT by curl (request body streamed into BUCKET.put), then
#        GET (object body streamed into the response), BENCH_TRANSFERS times each: MiB/s per
#        transfer, and the peak RSS of the runtime — for Miniflare, node's plus its workerd's
#
# Miniflare is installed for the bench only, into bench/.build/node_modules (never into
# scripts/tools-package.json); bench/miniflare/serve.mjs starts it with the Worker's bindings.
# Every workload runs BENCH_REPS times on each server (a fresh process and empty data directory
# each time); the report gives medians. Markdown report on stdout and in bench/.build/storage.md,
# raw figures in storage.tsv.
#
# Environment (all optional), besides EDGED and BENCH_QUIET_WAIT of bench/run.sh:
#   BENCH_REPS        repetitions per workload and server (default 2)
#   BENCH_DURATION    measured wrk run (default 10s), after a BENCH_WARMUP one (default 2s)
#   BENCH_TRANSFERS   R2 puts and gets of the 100 MiB object per repetition (default 3)
#   BENCH_WORKLOADS   default "kv d1 r2"
#   BENCH_SERVERS     default "miniflare edged-t1"
#   MINIFLARE_VERSION what npm installs when bench/.build has no miniflare (default 4)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RESULTS_TSV="$BUILD_DIR/storage.tsv"
RESULTS_MD="$BUILD_DIR/storage.md"
REPS="${BENCH_REPS:-2}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
TRANSFERS="${BENCH_TRANSFERS:-3}"
WORKLOADS="${BENCH_WORKLOADS:-kv d1 r2}"
SERVERS="${BENCH_SERVERS:-miniflare edged-t1}"
MINIFLARE_VERSION="${MINIFLARE_VERSION:-4}"
OBJECT_BYTES=$((100 * 1024 * 1024))
OBJECT_FILE="$BUILD_DIR/object-100MiB.bin"

record() { (IFS=$'\t'; echo "$*") >>"$RESULTS_TSV"; }


# The server's processes and all their descendants (Miniflare's node runs workerd as a child).
server_tree_pids() {
  local queue=("${SERVER_PIDS[@]}") pid child
  while ((${#queue[@]})); do
    pid="${queue[0]}"
    queue=("${queue[@]:1}")
    echo "$pid"
    for child in $(cat "/proc/$pid/task/"*/children 2>/dev/null); do
      queue+=("$child")
    done
  done
}

# Peak resident set (VmHWM) of the server's process tree, summed, in MiB.
tree_peak_rss_mib() {
  local pid total=0 kib
  for pid in $(server_tree_pids); do
    kib="$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)"
    total=$((total + ${kib:-0}))
  done
  awk -v k="$total" 'BEGIN { printf "%.1f", k / 1024 }'
}

# User + system CPU seconds of the server's process tree so far.
tree_cpu_seconds() {
  local pid total=0 ticks
  for pid in $(server_tree_pids); do
    ticks="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }')"
    total=$((total + ${ticks:-0}))
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

# A GET of <path> that must answer 2xx (the workloads' /setup).
request_ok() {
  curl -sS -f -o /dev/null --max-time 120 "http://127.0.0.1:$SERVER_PORT$1"
}

# wrk on <path> of the running server (after a warm-up run); records requests/s, latency,
# errors, server CPU and "other CPU-s" (see measure_other_cpu_since in lib.sh) as <name>.
measure_wrk() {
  local name="$1" server="$2" rep="$3" path="$4" url output cpu_before cpu_after cpu
  local children_before busy_before rps p50 p99 errors
  url="http://127.0.0.1:$SERVER_PORT$path"
  wait_for_quiet_machine
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  cpu_before="$(tree_cpu_seconds)"
  read_children_cpu_seconds
  children_before="$CHILDREN_CPU"
  busy_before="$(machine_busy_seconds)"
  output="$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")"
  cpu_after="$(tree_cpu_seconds)"
  cpu="$(awk -v a="$cpu_after" -v b="$cpu_before" 'BEGIN { printf "%.2f", a - b }')"
  measure_other_cpu_since "$busy_before" "$children_before" "$cpu"
  echo "$output" >"$LOG_DIR/$server-$name.$rep.wrk"
  read -r rps p50 p99 errors <<<"$(echo "$output" | parse_wrk_output)"
  record "$name" "$server" "$rep" rps "$rps"
  record "$name" "$server" "$rep" p50_ms "$p50"
  record "$name" "$server" "$rep" p99_ms "$p99"
  record "$name" "$server" "$rep" errors "$errors"
  record "$name" "$server" "$rep" rps_per_cpu_s "$(awk -v r="$rps" -v d="${DURATION%s}" -v c="$cpu" \
    'BEGIN { printf "%.0f", (c > 0 ? r * d / c : 0) }')"
  record "$name" "$server" "$rep" other_cpu_s "$OTHER_CPU"
  log "$name on $server: $rps req/s, p99 $p99 ms, $errors errors, other CPU-s $OTHER_CPU"
}

measure_kv() {
  local server="$1" rep="$2"
  start_server "$server" kv
  request_ok /setup
  measure_wrk kv-get "$server" "$rep" /get
  measure_wrk kv-put "$server" "$rep" /put
  stop_server
}

measure_d1() {
  local server="$1" rep="$2"
  start_server "$server" d1
  request_ok /setup
  measure_wrk d1-select "$server" "$rep" /select
  measure_wrk d1-insert "$server" "$rep" /insert
  stop_server
}

# One curl transfer of the 100 MiB object; prints its MiB/s, and fails on a short transfer.
transfer_mib_per_s() {
  local direction="$1" url="http://127.0.0.1:$SERVER_PORT/object" result stored size seconds
  if [[ "$direction" == put ]]; then
    result="$(curl -sS -f -T "$OBJECT_FILE" -w ' %{size_upload} %{time_total}' "$url")"
    read -r stored size seconds <<<"$result"
    if [[ "$stored" != "$OBJECT_BYTES" ]]; then
      log "put: the Worker stored $stored bytes instead of $OBJECT_BYTES"
      return 1
    fi
  else
    read -r size seconds < <(curl -sS -f -o /dev/null -w '%{size_download} %{time_total}\n' "$url")
  fi
  if [[ "$size" != "$OBJECT_BYTES" ]]; then
    log "$direction: $size bytes instead of $OBJECT_BYTES"
    return 1
  fi
  awk -v s="$size" -v t="$seconds" 'BEGIN { printf "%.1f\n", s / t / 1048576 }'
}

measure_r2() {
  local server="$1" rep="$2" direction i speed
  start_server "$server" r2
  for direction in put get; do
    wait_for_quiet_machine
    for ((i = 1; i <= TRANSFERS; i++)); do
      speed="$(transfer_mib_per_s "$direction")"
      record "r2-$direction" "$server" "$rep" mib_per_s "$speed"
      log "r2 $direction on $server: $speed MiB/s"
    done
    record "r2-$direction" "$server" "$rep" peak_rss_mib "$(tree_peak_rss_mib)"
  done
  stop_server
}

describe_run() {
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "edged=$("$EDGED" --version 2>&1 | head -1) ($EDGED, $(edged_binary_identity))"
    local miniflare_version workerd_version
    miniflare_version="$(node -p "require('$BUILD_DIR/node_modules/miniflare/package.json').version")"
    workerd_version="$("$BUILD_DIR/node_modules/.bin/workerd" --version 2>&1 | head -1)"
    echo "miniflare=$miniflare_version on $workerd_version, node $(node --version)"
    echo "reps=$REPS; wrk -t$WRK_THREADS -c$CONNECTIONS ${DURATION} after a ${WARMUP} warm-up;" \
      "$TRANSFERS R2 transfers of $((OBJECT_BYTES / 1048576)) MiB each way"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$BUILD_DIR/storage-machine.txt"
}

main() {
  for tool in wrk curl python3 node npm; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
  done
  mkdir -p "$BUILD_DIR" "$LOG_DIR"
  [[ " $SERVERS " == *" miniflare "* ]] && install_miniflare
  local object_size
  object_size="$(stat -c %s "$OBJECT_FILE" 2>/dev/null || true)"
  if [[ " $WORKLOADS " == *" r2 "* && "$object_size" != "$OBJECT_BYTES" ]]; then
    head -c "$OBJECT_BYTES" /dev/urandom >"$OBJECT_FILE"
  fi
  describe_run
  printf 'workload\tserver\trep\tmetric\tvalue\n' >"$RESULTS_TSV"
  local workload server rep
  for workload in $WORKLOADS; do
    for ((rep = 1; rep <= REPS; rep++)); do
      for server in $SERVERS; do
        log "$workload on $server, repetition $rep of $REPS"
        case "$workload" in
          kv) measure_kv "$server" "$rep" ;;
          d1) measure_d1 "$server" "$rep" ;;
          r2) measure_r2 "$server" "$rep" ;;
          *) log "unknown workload: $workload"; exit 1 ;;
        esac
      done
    done
  done
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$BUILD_DIR/storage-machine.txt"
  python3 "$BENCH_DIR/report_runs.py" "$RESULTS_TSV" "$BUILD_DIR/storage-machine.txt" |
    tee "$RESULTS_MD"
  log "report written to $RESULTS_MD; server logs in $LOG_DIR"
}

main "$@"
