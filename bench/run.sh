#!/usr/bin/env bash
# edged vs workerd vs a libuv+llhttp "hello" ceiling, one server after the other, on loopback.
#
#   bench/run.sh
#
# For each workload (hello: GET /, json: POST a small JSON body) and each server, it measures
# requests/s and p50/p99 latency with wrk, peak RSS, server CPU time, process-start-to-first-
# response time and new-isolate time, then prints a Markdown report (also written to
# bench/.build/results.md). docs/performance.md explains every figure.
#
# Environment (all optional):
#   EDGED              edged binary           (default: build/release/src/edged, from scripts/setup.sh)
#   WORKERD            workerd binary         (default: build/tools/node_modules/.bin/workerd)
#   BENCH_DURATION     measured wrk run       (default 10s)
#   BENCH_WARMUP       wrk warm-up before it  (default 2s)
#   BENCH_CONNECTIONS  wrk connections        (default 64)
#   BENCH_THREADS      wrk threads            (default 2)
#   BENCH_STARTS       fresh processes per startup figure (default 5)
#   BENCH_WORKLOADS    default "hello json"
#   BENCH_SERVERS      default "ceiling ceiling-x2 workerd edged-t1 edged-t2"
#   BENCH_QUIET_WAIT   seconds to wait, before each measurement, for other processes to leave
#                      the CPUs idle (default 600; 0 disables the wait)
#   BENCH_RETRIES      extra attempts at a measurement other processes disturbed (default 2)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RESULTS_TSV="$BUILD_DIR/results.tsv"
RESULTS_MD="$BUILD_DIR/results.md"

DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
WRK_THREADS="${BENCH_THREADS:-2}"
STARTS="${BENCH_STARTS:-5}"
WORKLOADS="${BENCH_WORKLOADS:-hello json}"
SERVERS="${BENCH_SERVERS:-ceiling ceiling-x2 workerd edged-t1 edged-t2}"

require_tools() {
  local tool
  for tool in wrk curl python3 cc; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
  done
  [[ -x "$EDGED" ]] || { log "no edged binary at $EDGED (set EDGED=...)"; exit 1; }
  [[ -x "$WORKERD" ]] || { log "no workerd at $WORKERD (npm install workerd in build/tools)"; exit 1; }
}

build_ceiling_server() {
  log "building the ceiling server"
  cc -O2 -I/usr/share/include/llhttp -o "$CEILING" \
    "$BENCH_DIR/ceiling/hello_server.c" /usr/share/llhttp/*.c -luv
}

# Startup figures from fresh processes (see probe.py); sets FIELDS to
# "start_ms first_ms steady_ms first_extra_ms isolate_ms other_cpu_s".
measure_startup() {
  local server="$1" workload="$2" port probe_args=()
  if [[ "$server" == ceiling-x2 ]]; then
    FIELDS="- - - - - 0"   # same binary as "ceiling"; its startup is measured there
    return
  fi
  local children_before busy_before
  read_children_cpu_seconds
  children_before="$CHILDREN_CPU"
  busy_before="$(machine_busy_seconds)"

  port="$(port_for "$server")"
  set_server_command "$server" "$workload" "$port"
  if [[ "$port" == 0 ]]; then probe_args+=(--port-from-stdout); else probe_args+=(--port "$port"); fi
  [[ "$workload" == json ]] && probe_args+=(--body-file "$BENCH_DIR/json-body.json")
  probe_args+=(--runs "$STARTS" --stderr-log "$LOG_DIR/$server-$workload.stderr")
  local start first
  start="$(python3 "$BENCH_DIR/probe.py" start-time "${probe_args[@]}" -- "${SERVER_COMMAND[@]}" ||
    echo -)"
  # edged logs "new isolate in <ms> ms" at debug level each time it builds a Worker's isolate.
  if [[ "$server" == edged-* ]]; then
    SERVER_COMMAND+=(--log-level debug)
    probe_args+=(--isolate-pattern 'new isolate in ([0-9.]+) ms')
  fi
  first="$(python3 "$BENCH_DIR/probe.py" first-request "${probe_args[@]}" -- "${SERVER_COMMAND[@]}" ||
    echo "- - - -")"
  measure_other_cpu_since "$busy_before" "$children_before" 0
  FIELDS="$start $first $OTHER_CPU"
}

describe_machine() {
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "kernel=$(uname -r)"
    echo "edged=$("$EDGED" --version 2>&1 | head -1) ($EDGED)"
    echo "workerd=$("$WORKERD" --version 2>&1 | head -1)"
    echo "wrk=wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency after a $WARMUP warm-up"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "edged_binary_before=$(edged_binary_identity)"
  } >"$BUILD_DIR/machine.txt"
}

main() {
  require_tools
  mkdir -p "$BUILD_DIR" "$LOG_DIR"
  rm -f "$LOG_DIR"/*
  build_ceiling_server
  describe_machine
  local columns=(workload server rps p50_ms p99_ms errors cpu_s rss_mib other_cpu_s
    start_ms first_ms steady_ms first_extra_ms isolate_ms startup_other_cpu_s)
  (IFS=$'\t'; echo "${columns[*]}") >"$RESULTS_TSV"
  local workload server load
  for workload in $WORKLOADS; do
    for server in $SERVERS; do
      measure_undisturbed load measure_load "$server" "$workload"
      load="$FIELDS"
      measure_undisturbed startup measure_startup "$server" "$workload"
      echo "$workload $server $load $FIELDS" | tr ' ' '\t' >>"$RESULTS_TSV"
    done
  done
  {
    echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "edged_binary_after=$(edged_binary_identity)"
  } >>"$BUILD_DIR/machine.txt"
  python3 "$BENCH_DIR/report.py" "$RESULTS_TSV" "$BUILD_DIR/machine.txt" "$DURATION" | tee "$RESULTS_MD"
  log "report written to $RESULTS_MD; server logs in $LOG_DIR"
}

main "$@"
