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
#   EDGED              edged binary           (default: build/h-lead/src/edged, else build/release/src/edged)
#   WORKERD            workerd binary         (default: build/tools/node_modules/.bin/workerd)
#   BENCH_DURATION     measured wrk run       (default 10s)
#   BENCH_WARMUP       wrk warm-up before it  (default 2s)
#   BENCH_CONNECTIONS  wrk connections        (default 64)
#   BENCH_THREADS      wrk threads            (default 2)
#   BENCH_STARTS       fresh processes per startup figure (default 5)
#   BENCH_WORKLOADS    default "hello json"
#   BENCH_SERVERS      default "ceiling ceiling-x2 workerd edged-t1 edged-t2"
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$BENCH_DIR")"
BUILD_DIR="$BENCH_DIR/.build"
LOG_DIR="$BUILD_DIR/logs"
RESULTS_TSV="$BUILD_DIR/results.tsv"
RESULTS_MD="$BUILD_DIR/results.md"
COMPATIBILITY_DATE="2025-09-01"

DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
WRK_THREADS="${BENCH_THREADS:-2}"
STARTS="${BENCH_STARTS:-5}"
WORKLOADS="${BENCH_WORKLOADS:-hello json}"
SERVERS="${BENCH_SERVERS:-ceiling ceiling-x2 workerd edged-t1 edged-t2}"

default_edged() {
  local candidate
  for candidate in "$REPO_DIR/build/h-lead/src/edged" "$REPO_DIR/build/release/src/edged"; do
    if [[ -x "$candidate" ]]; then echo "$candidate"; return; fi
  done
  echo "$REPO_DIR/build/release/src/edged"
}
EDGED="${EDGED:-$(default_edged)}"
WORKERD="${WORKERD:-$REPO_DIR/build/tools/node_modules/.bin/workerd}"
CEILING="$BUILD_DIR/hello_server"

SERVER_COMMAND=()  # set by set_server_command
SERVER_PIDS=()     # processes of the server under load; stopped by stop_server and on exit
SERVER_PORT=""
LOAD_FIELDS=""     # set by measure_load: rps p50_ms p99_ms errors cpu_s rss_mib
STARTUP_FIELDS=""  # set by measure_startup: start_ms first_ms steady_ms isolate_ms

log() { echo "bench: $*" >&2; }

stop_server() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${SERVER_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  SERVER_PIDS=()
}
trap stop_server EXIT
trap 'exit 130' INT TERM

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

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# workerd takes its Worker from a Cap'n Proto config; embed paths are relative to the config,
# so the Worker is copied next to it. Same module and compatibility date as the wrangler.jsonc.
write_workerd_config() {
  local workload="$1" port="$2"
  local dir="$BUILD_DIR/workerd-$workload"
  mkdir -p "$dir"
  cp "$BENCH_DIR/workers/$workload/worker.js" "$dir/worker.js"
  cat >"$dir/config.capnp" <<EOF
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:$port", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "$COMPATIBILITY_DATE",
);
EOF
}

# Sets SERVER_COMMAND to the command line that serves <workload> on <server>. A port of 0 means
# the server picks one and prints it as http://127.0.0.1:<port> on stdout.
set_server_command() {
  local server="$1" workload="$2" port="$3"
  case "$server" in
    ceiling | ceiling-x2)
      SERVER_COMMAND=("$CEILING" --port "$port" --reuseport) ;;
    workerd)
      write_workerd_config "$workload" "$port"
      SERVER_COMMAND=("$WORKERD" serve "$BUILD_DIR/workerd-$workload/config.capnp") ;;
    edged-t1 | edged-t2)
      SERVER_COMMAND=("$EDGED" serve "$BENCH_DIR/workers/$workload/wrangler.jsonc" --port "$port"
        --threads "${server#edged-t}" --data-dir "$BUILD_DIR/edged-data") ;;
    *)
      log "unknown server: $server"; exit 1 ;;
  esac
}

# workerd needs its port in the config; the others bind port 0 and print what they got.
port_for() {
  case "$1" in
    workerd | ceiling-x2) free_port ;;
    *) echo 0 ;;
  esac
}

process_count() { [[ "$1" == ceiling-x2 ]] && echo 2 || echo 1; }

wait_for_printed_port() {
  local stdout_log="$1" pid="$2" port=""
  for _ in $(seq 3000); do
    port="$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*' "$stdout_log" 2>/dev/null | sed 's/.*://' || true)"
    [[ -n "$port" ]] && { echo "$port"; return; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  log "server printed no port; see $stdout_log"
  return 1
}

# Polls with the workload's own request until it gets a 2xx.
wait_until_answering() {
  local url="$1" workload="$2" curl_args=(-sf -o /dev/null --max-time 1)
  [[ "$workload" == json ]] &&
    curl_args+=(-H 'Content-Type: application/json' --data-binary "@$BENCH_DIR/json-body.json")
  for _ in $(seq 1000); do
    curl "${curl_args[@]}" "$url" && return 0
    sleep 0.01
  done
  log "nothing answers on $url"
  return 1
}

# Starts <server> for <workload> in the background; sets SERVER_PIDS and SERVER_PORT.
start_server() {
  local server="$1" workload="$2" port i
  port="$(port_for "$server")"
  set_server_command "$server" "$workload" "$port"
  for ((i = 0; i < $(process_count "$server"); i++)); do
    "${SERVER_COMMAND[@]}" >"$LOG_DIR/$server-$workload.$i.stdout" 2>>"$LOG_DIR/$server-$workload.stderr" &
    SERVER_PIDS+=("$!")
  done
  if [[ "$port" == 0 ]]; then
    port="$(wait_for_printed_port "$LOG_DIR/$server-$workload.0.stdout" "${SERVER_PIDS[0]}")"
  fi
  SERVER_PORT="$port"
  wait_until_answering "http://127.0.0.1:$SERVER_PORT/" "$workload"
}

# Sum of user+system CPU seconds of the server processes so far.
server_cpu_seconds() {
  local pid total=0 ticks
  for pid in "${SERVER_PIDS[@]}"; do
    # fields 14 and 15 of /proc/<pid>/stat, counted after the ")" that ends the command name
    ticks="$(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')"
    total=$((total + ticks))
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

# Peak resident set (VmHWM) of the server processes, summed, in MiB.
server_peak_rss_mib() {
  local pid total=0 kib
  for pid in "${SERVER_PIDS[@]}"; do
    kib="$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")"
    total=$((total + kib))
  done
  awk -v k="$total" 'BEGIN { printf "%.1f", k / 1024 }'
}

run_wrk() {
  local workload="$1" duration="$2" url="http://127.0.0.1:$SERVER_PORT/"
  local args=(-t"$WRK_THREADS" -c"$CONNECTIONS" -d"$duration" --latency)
  if [[ "$workload" == json ]]; then
    BENCH_BODY_FILE="$BENCH_DIR/json-body.json" wrk "${args[@]}" -s "$BENCH_DIR/post.lua" "$url"
  else
    wrk "${args[@]}" "$url"
  fi
}

# Reads wrk --latency output; prints "requests/s p50_ms p99_ms errors".
parse_wrk_output() {
  awk '
    function ms(value) {
      if (value ~ /us$/) return value / 1000
      if (value ~ /ms$/) return value + 0
      if (value ~ /s$/) return value * 1000
      return value
    }
    /^Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, errors }
  '
}

# Throughput, latency, CPU and RSS of one server under wrk; sets LOAD_FIELDS.
measure_load() {
  local server="$1" workload="$2" cpu_before cpu_after wrk_output
  start_server "$server" "$workload"
  run_wrk "$workload" "$WARMUP" >/dev/null
  cpu_before="$(server_cpu_seconds)"
  wrk_output="$(run_wrk "$workload" "$DURATION")"
  cpu_after="$(server_cpu_seconds)"
  echo "$wrk_output" >"$LOG_DIR/$server-$workload.wrk"
  local rss cpu
  rss="$(server_peak_rss_mib)"
  cpu="$(awk -v a="$cpu_after" -v b="$cpu_before" 'BEGIN { printf "%.2f", a - b }')"
  stop_server
  LOAD_FIELDS="$(echo "$wrk_output" | parse_wrk_output) $cpu $rss"
}

# start-to-first-response and first-request figures from fresh processes (see probe.py);
# sets STARTUP_FIELDS.
measure_startup() {
  local server="$1" workload="$2" port probe_args=()
  if [[ "$server" == ceiling-x2 ]]; then
    STARTUP_FIELDS="- - - -"   # same binary as "ceiling"; its startup is measured there
    return
  fi
  port="$(port_for "$server")"
  set_server_command "$server" "$workload" "$port"
  if [[ "$port" == 0 ]]; then probe_args+=(--port-from-stdout); else probe_args+=(--port "$port"); fi
  [[ "$workload" == json ]] && probe_args+=(--body-file "$BENCH_DIR/json-body.json")
  probe_args+=(--runs "$STARTS" --stderr-log "$LOG_DIR/$server-$workload.stderr")
  local start first
  start="$(python3 "$BENCH_DIR/probe.py" start-time "${probe_args[@]}" -- "${SERVER_COMMAND[@]}" || echo -)"
  first="$(python3 "$BENCH_DIR/probe.py" first-request "${probe_args[@]}" -- "${SERVER_COMMAND[@]}" ||
    echo "- - -")"
  STARTUP_FIELDS="$start $first"
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
  } >"$BUILD_DIR/machine.txt"
}

main() {
  require_tools
  mkdir -p "$BUILD_DIR" "$LOG_DIR"
  rm -f "$LOG_DIR"/*
  build_ceiling_server
  describe_machine
  printf 'workload\tserver\trps\tp50_ms\tp99_ms\terrors\tcpu_s\trss_mib\tstart_ms\tfirst_ms\tsteady_ms\tisolate_ms\n' >"$RESULTS_TSV"
  local workload server
  for workload in $WORKLOADS; do
    for server in $SERVERS; do
      log "$workload on $server: load"
      measure_load "$server" "$workload"
      log "$workload on $server: startup"
      measure_startup "$server" "$workload"
      echo "$workload $server $LOAD_FIELDS $STARTUP_FIELDS" | tr ' ' '\t' >>"$RESULTS_TSV"
    done
  done
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$BUILD_DIR/machine.txt"
  python3 "$BENCH_DIR/report.py" "$RESULTS_TSV" "$BUILD_DIR/machine.txt" "$DURATION" | tee "$RESULTS_MD"
  log "report written to $RESULTS_MD; server logs in $LOG_DIR"
}

main "$@"
