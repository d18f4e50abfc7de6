#!/usr/bin/env bash
# Static assets of issue 8: requests/s and latency for one 10 KiB file, edged's native asset
# server (an assets-only Worker, bench/workers/assets) vs workerd answering with the same bytes
# from a Worker that bundles the file as a Data module (workerd serves no asset directory by
# itself outside Cloudflare):
#
#   bench/assets.sh
#
# wrk with CONNECTIONS connections for DURATION after a WARMUP, BENCH_REPS times per server; the
# report gives medians of requests/s, p50 and p99. Markdown report on stdout and in
# bench/.build/assets.md, raw figures in assets.tsv.
#
# Environment (all optional), besides EDGED, WORKERD and BENCH_QUIET_WAIT of bench/run.sh:
#   BENCH_REPS      repetitions per server (default 3)
#   BENCH_DURATION  wrk duration of a measured run (default 10s)
#   BENCH_SERVERS   default "workerd edged-t1 edged-t2"
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RESULTS_TSV="$BUILD_DIR/assets.tsv"
RESULTS_MD="$BUILD_DIR/assets.md"
REPS="${BENCH_REPS:-3}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="3s"
SERVERS="${BENCH_SERVERS:-workerd edged-t1 edged-t2}"
ASSET_PATH="/asset.bin"
READY_PATH="$ASSET_PATH"

record() { (IFS=$'\t'; echo "$*") >>"$RESULTS_TSV"; }

# lib.sh's run_wrk loads "/"; this workload loads the asset.
run_wrk() {
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$2" --latency "http://127.0.0.1:$SERVER_PORT$ASSET_PATH"
}

make_asset() {
  mkdir -p "$BUILD_DIR/assets-public"
  python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 31 + 7) % 256 for i in range(10240)))' \
    >"$BUILD_DIR/assets-public/asset.bin"
}

check_answer() {
  local size
  size="$(curl -sf "http://127.0.0.1:$SERVER_PORT$ASSET_PATH" | wc -c)"
  [[ "$size" == 10240 ]] || { log "$1 answered $size bytes, not 10240"; exit 1; }
}

measure_assets() {
  local server="$1" rep="$2" rps p50 p99 errors
  LOAD_CHECK=""
  measure_undisturbed "load" measure_load "$server" assets
  read -r rps p50 p99 errors _ <<<"$FIELDS"
  record assets "$server" "$rep" rps "$rps"
  record assets "$server" "$rep" p50_ms "$p50"
  record assets "$server" "$rep" p99_ms "$p99"
  record assets "$server" "$rep" errors "$errors"
  log "assets on $server: $rps requests/s, p50 $p50 ms, p99 $p99 ms, $errors errors"
}

describe_run() {
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "edged=$("$EDGED" --version 2>&1 | head -1) ($EDGED, $(edged_binary_identity))"
    echo "workerd=$("$WORKERD" --version 2>&1 | head -1)"
    echo "reps=$REPS; wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION after $WARMUP, GET $ASSET_PATH (10240 bytes)"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$BUILD_DIR/assets-machine.txt"
}

main() {
  for tool in curl python3 wrk; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
  done
  mkdir -p "$BUILD_DIR" "$LOG_DIR"
  make_asset
  describe_run
  printf 'workload\tserver\trep\tmetric\tvalue\n' >"$RESULTS_TSV"
  local server rep
  for server in $SERVERS; do
    start_server "$server" assets
    check_answer "$server"
    stop_server
  done
  for ((rep = 1; rep <= REPS; rep++)); do
    for server in $SERVERS; do
      measure_assets "$server" "$rep"
    done
  done
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$BUILD_DIR/assets-machine.txt"
  python3 "$BENCH_DIR/report_runs.py" "$RESULTS_TSV" "$BUILD_DIR/assets-machine.txt" |
    tee "$RESULTS_MD"
  log "report written to $RESULTS_MD; server logs in $LOG_DIR"
}

main "$@"
