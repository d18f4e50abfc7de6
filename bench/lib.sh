# Shared by the bench/ scripts (sourced, not run): paths, starting and stopping a server under
# test (edged, workerd, Miniflare or the ceiling), wrk, and the CPU, RSS and "quiet machine"
# measurements.
#
# A sourcing script may set, before calling these: CONNECTIONS, WRK_THREADS (wrk), READY_PATH
# (what wait_until_answering polls, default "/"), EDGED_EXTRA_ARGS (more `edged serve` flags),
# LOAD_CHECK (see measure_load).
# Environment: EDGED, WORKERD, BENCH_QUIET_WAIT, BENCH_RETRIES (see bench/README.md).

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$BENCH_DIR")"
BUILD_DIR="$BENCH_DIR/.build"
LOG_DIR="$BUILD_DIR/logs"
COMPATIBILITY_DATE="2025-09-01"

QUIET_WAIT="${BENCH_QUIET_WAIT:-600}"
RETRIES="${BENCH_RETRIES:-2}"
QUIET_BUSY_PERCENT=5     # "quiet": the CPUs were busy less than this over QUIET_WINDOW seconds
QUIET_WINDOW=3
DISTURBED_OTHER_CPU=0.5  # CPU-s used by other processes that make a measurement disturbed

EDGED="${EDGED:-$REPO_DIR/build/release/src/edged}"
WORKERD="${WORKERD:-$REPO_DIR/build/tools/node_modules/.bin/workerd}"
CEILING="$BUILD_DIR/hello_server"
# Where each workload's Worker lives (workers/<workload>/); hono.sh points it at the bundle it built.
WORKERS_DIR="$BENCH_DIR/workers"

CONNECTIONS=64
WRK_THREADS=2
READY_PATH="/"
EDGED_EXTRA_ARGS=()
LOAD_CHECK=""

SERVER_COMMAND=()  # set by set_server_command
SERVER_PIDS=()     # processes of the server under load; stopped by stop_server and on exit
SERVER_PORT=""
FIELDS=""          # figures left by measure_load and measure_startup

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

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# workerd takes its Worker from a Cap'n Proto config; embed paths are relative to the config,
# so the workload's modules are copied next to it. A workload whose Worker needs more than one
# service and one socket (Durable Objects, a cache service, loopback fetch) has its own
# workers/<workload>/workerd.capnp, in which @PORT@, @STORAGE_DIR@ and @COMPATIBILITY_DATE@ are
# filled in; the others get the default below. Same modules and compatibility date as the
# wrangler.jsonc. The storage directory starts empty on every start.
write_workerd_config() {
  local workload="$1" port="$2"
  local dir="$BUILD_DIR/workerd-$workload" template="$WORKERS_DIR/$workload/workerd.capnp"
  rm -rf "$dir"
  mkdir -p "$dir/storage"
  cp "$WORKERS_DIR/$workload/"*.js "$dir/"
  if [[ -f "$template" ]]; then
    sed -e "s|@PORT@|$port|g" -e "s|@STORAGE_DIR@|$dir/storage|g" \
      -e "s|@COMPATIBILITY_DATE@|$COMPATIBILITY_DATE|g" "$template" >"$dir/config.capnp"
    return
  fi
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
# Each start gets an empty data directory, so stored state (objects, cache) never carries over.
set_server_command() {
  local server="$1" workload="$2" port="$3"
  case "$server" in
    ceiling | ceiling-x2)
      SERVER_COMMAND=("$CEILING" --port "$port" --reuseport) ;;
    workerd)
      write_workerd_config "$workload" "$port"
      SERVER_COMMAND=("$WORKERD" serve "$BUILD_DIR/workerd-$workload/config.capnp") ;;
    miniflare)
      rm -rf "$BUILD_DIR/miniflare-data"
      SERVER_COMMAND=(node "$BENCH_DIR/miniflare/serve.mjs" --workload "$workload" --port "$port"
        --persist "$BUILD_DIR/miniflare-data" --compatibility-date "$COMPATIBILITY_DATE") ;;
    edged-t1 | edged-t2)
      rm -rf "$BUILD_DIR/edged-data"
      SERVER_COMMAND=("$EDGED" serve "$WORKERS_DIR/$workload/wrangler.jsonc" --port "$port"
        --threads "${server#edged-t}" --data-dir "$BUILD_DIR/edged-data" "${EDGED_EXTRA_ARGS[@]}") ;;
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

# Polls with the workload's own request (a GET of READY_PATH) until it gets a 2xx.
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
    # Removed here, not by the child's redirection: that truncation happens after the fork, and
    # wait_for_printed_port could read the port a previous process printed there.
    rm -f "$LOG_DIR/$server-$workload.$i.stdout"
    "${SERVER_COMMAND[@]}" >"$LOG_DIR/$server-$workload.$i.stdout" 2>>"$LOG_DIR/$server-$workload.stderr" &
    SERVER_PIDS+=("$!")
  done
  if [[ "$port" == 0 ]]; then
    port="$(wait_for_printed_port "$LOG_DIR/$server-$workload.0.stdout" "${SERVER_PIDS[0]}")"
  fi
  SERVER_PORT="$port"
  wait_until_answering "http://127.0.0.1:$SERVER_PORT$READY_PATH" "$workload"
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

# Sets CHILDREN_CPU to the CPU seconds (user + system) of this shell's finished children, e.g.
# wrk once it has exited. Not a $(...) function: `times` in a subshell sees only the subshell.
CHILDREN_CPU=""
read_children_cpu_seconds() {
  local file="$BUILD_DIR/times.txt"
  times >"$file"
  # second line of `times`: children's user and system time, as 1m2.345s
  CHILDREN_CPU="$(awk 'NR == 2 {
    total = 0
    for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); total += t[1] * 60 + t[2] }
    printf "%.2f", total
  }' "$file")"
}

# CPU seconds all processes on the machine have spent busy so far (from /proc/stat).
machine_busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}

# Waits (up to QUIET_WAIT seconds) until the machine's CPUs stay nearly idle for QUIET_WINDOW
# seconds, so that builds or tests of other people do not skew the figures.
wait_for_quiet_machine() {
  local waited=0 before after busy
  ((QUIET_WAIT > 0)) || return 0
  while ((waited < QUIET_WAIT)); do
    before="$(machine_busy_seconds)"
    sleep "$QUIET_WINDOW"
    after="$(machine_busy_seconds)"
    busy="$(awk -v a="$after" -v b="$before" -v w="$QUIET_WINDOW" -v n="$(nproc)" \
      'BEGIN { printf "%d", (a - b) * 100 / (w * n) }')"
    ((busy < QUIET_BUSY_PERCENT)) && return 0
    ((waited == 0)) && log "waiting for the machine to be quiet (CPUs ${busy}% busy)"
    waited=$((waited + QUIET_WINDOW))
  done
  log "the machine did not get quiet in ${QUIET_WAIT}s; measuring anyway"
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

# Throughput, latency, CPU and RSS of one server under wrk; sets FIELDS to
# "rps p50_ms p99_ms errors cpu_s rss_mib other_cpu_s". "Other CPU" is what the rest of the
# machine (neither the server nor wrk) used during the measured run: when it is not near 0,
# something else was running and the figures are disturbed. LOAD_CHECK, when set, names a
# function called as "<fn> <server> <workload> <wrk output>" while the server still runs.
measure_load() {
  local server="$1" workload="$2" wrk_output
  local server_before server_after children_before busy_before
  start_server "$server" "$workload"
  run_wrk "$workload" "$WARMUP" >/dev/null
  server_before="$(server_cpu_seconds)"
  read_children_cpu_seconds
  children_before="$CHILDREN_CPU"
  busy_before="$(machine_busy_seconds)"
  wrk_output="$(run_wrk "$workload" "$DURATION")"
  server_after="$(server_cpu_seconds)"
  echo "$wrk_output" >"$LOG_DIR/$server-$workload.wrk"
  local rss cpu
  rss="$(server_peak_rss_mib)"
  cpu="$(awk -v a="$server_after" -v b="$server_before" 'BEGIN { printf "%.2f", a - b }')"
  measure_other_cpu_since "$busy_before" "$children_before" "$cpu"
  [[ -n "$LOAD_CHECK" ]] && "$LOAD_CHECK" "$server" "$workload" "$wrk_output"
  stop_server
  FIELDS="$(echo "$wrk_output" | parse_wrk_output) $cpu $rss $OTHER_CPU"
}

# Sets OTHER_CPU to the CPU-s the machine spent busy since <busy_before>, minus what our
# finished children (wrk, probes and the servers they started) used since <children_before>,
# minus <extra> (the server under load, not finished yet). Not a $(...) function, see
# read_children_cpu_seconds.
OTHER_CPU=""
measure_other_cpu_since() {
  local busy_before="$1" children_before="$2" extra="$3" busy_after
  busy_after="$(machine_busy_seconds)"
  read_children_cpu_seconds
  OTHER_CPU="$(awk -v b1="$busy_after" -v b0="$busy_before" -v c1="$CHILDREN_CPU" \
    -v c0="$children_before" -v extra="$extra" \
    'BEGIN { o = (b1 - b0) - (c1 - c0) - extra; printf "%.2f", o < 0 ? 0 : o }')"
}

# Runs "<measure_fn> <server> <workload>" on a quiet machine, and again (up to RETRIES times)
# while other processes disturb it, keeping the least disturbed attempt in FIELDS (whose last
# field is the CPU-s other processes used).
measure_undisturbed() {
  local what="$1" measure_fn="$2" server="$3" workload="$4"
  local attempt other best="" best_other=""
  for ((attempt = 0; attempt <= RETRIES; attempt++)); do
    wait_for_quiet_machine
    log "$workload on $server: $what"
    "$measure_fn" "$server" "$workload"
    other="${FIELDS##* }"
    if [[ -z "$best" ]] || awk -v a="$other" -v b="$best_other" 'BEGIN { exit !(a < b) }'; then
      best="$FIELDS"
      best_other="$other"
    fi
    awk -v o="$other" -v limit="$DISTURBED_OTHER_CPU" 'BEGIN { exit !(o <= limit) }' && break
    log "$workload on $server: other processes used $other CPU-s during the $what run"
  done
  FIELDS="$best"
}

# Size and modification time of the edged binary: a rebuild during the run shows up as a change.
edged_binary_identity() { stat -c '%s bytes, modified %y' "$EDGED"; }

# Miniflare 4 from npm, only under bench/.build (never among the tools CI installs).
install_miniflare() {
  [[ -f "$BUILD_DIR/node_modules/miniflare/package.json" ]] && return
  log "installing miniflare@$MINIFLARE_VERSION into $BUILD_DIR/node_modules"
  npm install --prefix "$BUILD_DIR" --no-save "miniflare@$MINIFLARE_VERSION" >&2
}

# A comparison with Miniflare whose runs one function measures: describes the machine into
# $BUILD_DIR/<workload>-machine.txt (with $2, what one run does), calls `measure_<workload>
# server rep` REPS times for every server in SERVERS, then writes RESULTS_MD from RESULTS_TSV.
run_miniflare_comparison() {
  local workload="$1" run_description="$2" machine="$BUILD_DIR/$1-machine.txt" tool server rep
  for tool in curl python3 node npm; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
  done
  mkdir -p "$BUILD_DIR" "$LOG_DIR"
  [[ " $SERVERS " == *" miniflare "* ]] && install_miniflare
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "edged=$("$EDGED" --version 2>&1 | head -1) ($EDGED, $(edged_binary_identity))"
    echo "miniflare=$(node -p "require('$BUILD_DIR/node_modules/miniflare/package.json').version")," \
      "node $(node --version)"
    echo "reps=$REPS; $run_description"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$machine"
  printf 'workload\tserver\trep\tmetric\tvalue\n' >"$RESULTS_TSV"
  for ((rep = 1; rep <= REPS; rep++)); do
    for server in $SERVERS; do
      log "$workload on $server, repetition $rep of $REPS"
      "measure_$workload" "$server" "$rep"
    done
  done
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$machine"
  python3 "$BENCH_DIR/report_runs.py" "$RESULTS_TSV" "$machine" | tee "$RESULTS_MD"
  log "report written to $RESULTS_MD; server logs in $LOG_DIR"
}
