#!/usr/bin/env bash
# The web-platform workloads of issue 3, edged vs workerd, one server after the other:
#
#   bench/web.sh
#
#   proxy  a Worker streaming a 100 MiB response from a local origin (origin/bulk_origin.c):
#          MiB/s per download (curl), peak RSS and CPU of the runtime; also the origin alone
#   hmac   a Worker doing 10,000 crypto.subtle.sign("HMAC", …) per request: requests/s under
#          wrk with 4 connections, and signatures/s
#   cache  a Worker answering every request from caches.default.match (one entry, 1 KiB):
#          hits/s under wrk with 64 connections. workerd has no cache of its own; it gets
#          workers/cache/cache_service.js as its cacheApiOutbound (see docs/performance.md)
#
# Every workload runs BENCH_REPS times on each server (a fresh process each time); the report
# gives medians. Markdown report on stdout and in bench/.build/web.md, raw figures in web.tsv.
#
# Environment (all optional), besides EDGED, WORKERD, BENCH_QUIET_WAIT of bench/run.sh:
#   BENCH_REPS         repetitions per workload and server (default 3)
#   BENCH_DURATION     measured wrk run (default 10s), after a BENCH_WARMUP one (default 2s)
#   BENCH_DOWNLOADS    proxied downloads per repetition (default 5)
#   BENCH_WORKLOADS    default "proxy hmac cache"
#   BENCH_SERVERS      default "workerd edged-t1 edged-t2"
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RESULTS_TSV="$BUILD_DIR/web.tsv"
RESULTS_MD="$BUILD_DIR/web.md"
REPS="${BENCH_REPS:-3}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
DOWNLOADS="${BENCH_DOWNLOADS:-5}"
WORKLOADS="${BENCH_WORKLOADS:-proxy hmac cache}"
SERVERS="${BENCH_SERVERS:-workerd edged-t1 edged-t2}"
PROXY_BYTES=$((100 * 1024 * 1024))
SIGNS_PER_REQUEST=10000  # as in workers/hmac/worker.js
ORIGIN="$BUILD_DIR/bulk_origin"
ORIGIN_PID=""
ORIGIN_PORT=""

record() { (IFS=$'\t'; echo "$*") >>"$RESULTS_TSV"; }

build_origin() {
  log "building the origin"
  cc -O2 -I/usr/share/include/llhttp -o "$ORIGIN" "$BENCH_DIR/origin/bulk_origin.c" \
    /usr/share/llhttp/*.c -luv
}

start_origin() {
  "$ORIGIN" --bytes "$PROXY_BYTES" >"$LOG_DIR/origin.stdout" 2>"$LOG_DIR/origin.stderr" &
  ORIGIN_PID="$!"
  ORIGIN_PORT="$(wait_for_printed_port "$LOG_DIR/origin.stdout" "$ORIGIN_PID")"
}

stop_all() {
  stop_server
  [[ -n "$ORIGIN_PID" ]] && kill -TERM "$ORIGIN_PID" 2>/dev/null && wait "$ORIGIN_PID" 2>/dev/null
  return 0
}
trap stop_all EXIT

# Downloads <url> DOWNLOADS times; prints the MiB/s of each, and fails on a short body.
download_speeds() {
  local url="$1" i size seconds
  for ((i = 0; i < DOWNLOADS; i++)); do
    read -r size seconds < <(curl -sS -o /dev/null -w '%{size_download} %{time_total}\n' "$url")
    if [[ "$size" != "$PROXY_BYTES" ]]; then
      log "download $url: $size bytes instead of $PROXY_BYTES"
      return 1
    fi
    awk -v s="$size" -v t="$seconds" 'BEGIN { printf "%.1f\n", s / t / 1048576 }'
  done
}

median_of() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The proxy on <server>: median MiB/s over DOWNLOADS downloads, peak RSS, server CPU per GiB.
measure_proxy() {
  local server="$1" rep="$2" url speeds children_before busy_before cpu_before cpu_after cpu
  READY_PATH="/"
  start_server "$server" proxy
  url="http://127.0.0.1:$SERVER_PORT/?origin=http://127.0.0.1:$ORIGIN_PORT/"
  cpu_before="$(server_cpu_seconds)"
  read_children_cpu_seconds
  children_before="$CHILDREN_CPU"
  busy_before="$(machine_busy_seconds)"
  speeds="$(download_speeds "$url")"
  cpu_after="$(server_cpu_seconds)"
  cpu="$(awk -v a="$cpu_after" -v b="$cpu_before" 'BEGIN { printf "%.2f", a - b }')"
  measure_other_cpu_since "$busy_before" "$children_before" "$cpu"
  record proxy "$server" "$rep" mib_per_s "$(echo "$speeds" | median_of)"
  record proxy "$server" "$rep" peak_rss_mib "$(server_peak_rss_mib)"
  record proxy "$server" "$rep" cpu_s_per_gib \
    "$(awk -v c="$cpu" -v n="$DOWNLOADS" -v b="$PROXY_BYTES" 'BEGIN { printf "%.2f", c / (n * b / 1073741824) }')"
  record proxy "$server" "$rep" other_cpu_s "$OTHER_CPU"
  log "proxy on $server: $(echo $speeds) MiB/s, peak RSS $(server_peak_rss_mib) MiB"
  stop_server
}

# The origin alone, for scale: what curl gets from it without a runtime in between.
measure_origin_direct() {
  local rep="$1" speeds
  speeds="$(download_speeds "http://127.0.0.1:$ORIGIN_PORT/")"
  record proxy origin-direct "$rep" mib_per_s "$(echo "$speeds" | median_of)"
  log "proxy: origin direct $(echo $speeds) MiB/s"
}

# A cache miss would be marked "x-bench-cache: miss"; after the load every request must hit.
check_cache_hit() {
  local server="$1" headers
  headers="$(curl -sS -D - -o /dev/null "http://127.0.0.1:$SERVER_PORT/")"
  if grep -qi '^x-bench-cache: miss' <<<"$headers" || ! grep -q '^HTTP/1.1 200' <<<"$headers"; then
    log "cache on $server: the request after the load was not a hit:"$'\n'"$headers"
    exit 1
  fi
}

# hmac and cache: requests/s and latency under wrk (measure_load of lib.sh).
measure_wrk_workload() {
  local workload="$1" server="$2" rep="$3" rps p50 p99 errors cpu rss other
  READY_PATH="/"
  LOAD_CHECK=""
  case "$workload" in
    hmac) CONNECTIONS=4 WRK_THREADS=1 ;;
    cache) CONNECTIONS=64 WRK_THREADS=2 LOAD_CHECK=check_cache_hit ;;
  esac
  measure_load "$server" "$workload"
  read -r rps p50 p99 errors cpu rss other <<<"$FIELDS"
  record "$workload" "$server" "$rep" rps "$rps"
  [[ "$workload" == hmac ]] && record hmac "$server" "$rep" signs_per_s $((rps * SIGNS_PER_REQUEST))
  record "$workload" "$server" "$rep" p50_ms "$p50"
  record "$workload" "$server" "$rep" p99_ms "$p99"
  record "$workload" "$server" "$rep" errors "$errors"
  record "$workload" "$server" "$rep" rps_per_cpu_s \
    "$(awk -v r="$rps" -v c="$cpu" -v d="${DURATION%s}" 'BEGIN { printf "%.0f", (c > 0 ? r * d / c : 0) }')"
  record "$workload" "$server" "$rep" peak_rss_mib "$rss"
  record "$workload" "$server" "$rep" other_cpu_s "$other"
  log "$workload on $server: $rps req/s, p99 $p99 ms, $errors errors"
}

describe_run() {
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "edged=$("$EDGED" --version 2>&1 | head -1) ($EDGED)"
    echo "workerd=$("$WORKERD" --version 2>&1 | head -1)"
    echo "reps=$REPS; wrk ${DURATION} after a ${WARMUP} warm-up; $DOWNLOADS downloads of $PROXY_BYTES bytes"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$BUILD_DIR/web-machine.txt"
}

main() {
  for tool in wrk curl python3 cc; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
  done
  mkdir -p "$BUILD_DIR" "$LOG_DIR"
  describe_run
  printf 'workload\tserver\trep\tmetric\tvalue\n' >"$RESULTS_TSV"
  local workload server rep
  for workload in $WORKLOADS; do
    if [[ "$workload" == proxy ]]; then
      build_origin
      start_origin
    fi
    for ((rep = 1; rep <= REPS; rep++)); do
      [[ "$workload" == proxy ]] && { wait_for_quiet_machine; measure_origin_direct "$rep"; }
      for server in $SERVERS; do
        wait_for_quiet_machine
        log "$workload on $server, repetition $rep of $REPS"
        if [[ "$workload" == proxy ]]; then
          measure_proxy "$server" "$rep"
        else
          measure_wrk_workload "$workload" "$server" "$rep"
        fi
      done
    done
  done
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$BUILD_DIR/web-machine.txt"
  python3 "$BENCH_DIR/report_runs.py" "$RESULTS_TSV" "$BUILD_DIR/web-machine.txt" | tee "$RESULTS_MD"
  log "report written to $RESULTS_MD; server logs in $LOG_DIR"
}

main "$@"
