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

main() {
  run_miniflare_comparison workflows "$INSTANCES instances of $STEPS steps per run after a 2 x 20 warm-up"
}

main "$@"
