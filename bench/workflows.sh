#!/usr/bin/env bash
# Workflow step throughput of issue 6, edged vs Miniflare 4 (npm `miniflare`, whose Workflows
# engine is a Durable Object per instance on workerd) on the same Worker (workers/workflows),
# one server after the other, each persisting to an empty directory:
#
#   bench/workflows.sh
#
#   workflows  GET /run asks the Worker to create BENCH_INSTANCES instances (createBatch) of a
#              Workflow of BENCH_STEPS trivial step.do() calls (each result persisted) and to
#              poll them until all are complete: steps/s from the first create to the last
#              instance seen complete (metric steps_per_s).
#
# Miniflare is installed for the bench only, into bench/.build/node_modules (see storage.sh).
# Each repetition starts a fresh server, runs a small warm-up (2 instances), then the measured
# run; the report gives medians. Markdown report on stdout and in bench/.build/workflows.md, raw
# figures in workflows.tsv.
#
# Environment (all optional), besides EDGED and BENCH_QUIET_WAIT of bench/run.sh:
#   BENCH_REPS        repetitions per server (default 3)
#   BENCH_INSTANCES   instances per measured run (default 20)
#   BENCH_STEPS       steps per instance (default 100)
#   BENCH_SERVERS     default "miniflare edged-t1 edged-t2"
#   MINIFLARE_VERSION what npm installs when bench/.build has no miniflare (default 4)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RESULTS_TSV="$BUILD_DIR/workflows.tsv"
RESULTS_MD="$BUILD_DIR/workflows.md"
REPS="${BENCH_REPS:-3}"
INSTANCES="${BENCH_INSTANCES:-20}"
STEPS="${BENCH_STEPS:-100}"
SERVERS="${BENCH_SERVERS:-miniflare edged-t1 edged-t2}"
MINIFLARE_VERSION="${MINIFLARE_VERSION:-4}"

record() { (IFS=$'\t'; echo "$*") >>"$RESULTS_TSV"; }

install_miniflare() {
  [[ -f "$BUILD_DIR/node_modules/miniflare/package.json" ]] && return
  log "installing miniflare@$MINIFLARE_VERSION into $BUILD_DIR/node_modules"
  npm install --prefix "$BUILD_DIR" --no-save "miniflare@$MINIFLARE_VERSION" >&2
}

# Steps per second of one /run of <instances> × <steps>.
steps_per_second() {
  curl -sS -f --max-time 600 "http://127.0.0.1:$SERVER_PORT/run?instances=$1&steps=$2" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["per_second"])'
}

measure_workflows() {
  local server="$1" rep="$2" rate
  start_server "$server" workflows
  steps_per_second 2 20 >/dev/null
  wait_for_quiet_machine
  rate="$(steps_per_second "$INSTANCES" "$STEPS")"
  record workflows "$server" "$rep" steps_per_s "$rate"
  log "workflows on $server: $rate steps/s"
  stop_server
}

describe_run() {
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "edged=$("$EDGED" --version 2>&1 | head -1) ($EDGED, $(edged_binary_identity))"
    echo "miniflare=$(node -p "require('$BUILD_DIR/node_modules/miniflare/package.json').version")," \
      "node $(node --version)"
    echo "reps=$REPS; $INSTANCES instances of $STEPS steps per run after a 2 x 20 warm-up"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$BUILD_DIR/workflows-machine.txt"
}

main() {
  for tool in curl python3 node npm; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
  done
  mkdir -p "$BUILD_DIR" "$LOG_DIR"
  [[ " $SERVERS " == *" miniflare "* ]] && install_miniflare
  describe_run
  printf 'workload\tserver\trep\tmetric\tvalue\n' >"$RESULTS_TSV"
  local server rep
  for ((rep = 1; rep <= REPS; rep++)); do
    for server in $SERVERS; do
      log "workflows on $server, repetition $rep of $REPS"
      measure_workflows "$server" "$rep"
    done
  done
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$BUILD_DIR/workflows-machine.txt"
  python3 "$BENCH_DIR/report_runs.py" "$RESULTS_TSV" "$BUILD_DIR/workflows-machine.txt" |
    tee "$RESULTS_MD"
  log "report written to $RESULTS_MD; server logs in $LOG_DIR"
}

main "$@"
