#!/usr/bin/env bash
# Queue throughput of issue 6, edged vs Miniflare 4 (npm `miniflare`, whose queue broker is a
# Durable Object on workerd) on the same Worker (workers/queues), one server after the other,
# each persisting to an empty directory:
#
#   bench/queues.sh
#
#   queues  clients/queue_throughput.mjs asks the Worker to produce BENCH_MESSAGES messages
#           (sendBatch of 100, from BENCH_PRODUCERS concurrent requests) and counts the
#           consumer's acknowledgements: messages/s from the first send to the last ack (metric
#           delivered_per_s). Consumer: max_batch_size 100, max_batch_timeout 0.
#
# The defaults stay within what Miniflare 4.20260426 sustains: its broker answers sendBatch with
# "Internal Server Error" once ~20,000 messages wait, or when several producers send at once.
#
# Miniflare is installed for the bench only, into bench/.build/node_modules (see storage.sh).
# Each repetition starts a fresh server, runs a 2,000-message warm-up, then the measured run;
# the report gives medians. Markdown report on stdout and in bench/.build/queues.md, raw figures
# in queues.tsv.
#
# Environment (all optional), besides EDGED and BENCH_QUIET_WAIT of bench/run.sh:
#   BENCH_REPS        repetitions per server (default 3)
#   BENCH_MESSAGES    messages per measured run (default 10000)
#   BENCH_PRODUCERS   concurrent /produce requests (default 1)
#   BENCH_SERVERS     default "miniflare edged-t1 edged-t2"
#   MINIFLARE_VERSION what npm installs when bench/.build has no miniflare (default 4)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RESULTS_TSV="$BUILD_DIR/queues.tsv"
RESULTS_MD="$BUILD_DIR/queues.md"
REPS="${BENCH_REPS:-3}"
MESSAGES="${BENCH_MESSAGES:-10000}"
PRODUCERS="${BENCH_PRODUCERS:-1}"
SERVERS="${BENCH_SERVERS:-miniflare edged-t1 edged-t2}"
MINIFLARE_VERSION="${MINIFLARE_VERSION:-4}"

record() { (IFS=$'\t'; echo "$*") >>"$RESULTS_TSV"; }


throughput() {
  node "$BENCH_DIR/clients/queue_throughput.mjs" --url "http://127.0.0.1:$SERVER_PORT" \
    --messages "$1" --producers "$PRODUCERS" | python3 -c 'import json, sys; print(json.load(sys.stdin)["per_second"])'
}

measure_queues() {
  local server="$1" rep="$2" rate
  start_server "$server" queues
  throughput 2000 >/dev/null
  wait_for_quiet_machine
  rate="$(throughput "$MESSAGES")"
  record queues "$server" "$rep" delivered_per_s "$rate"
  log "queues on $server: $rate messages/s from send to ack"
  stop_server
}

main() {
  run_miniflare_comparison queues "$MESSAGES messages per run (sendBatch of 100 from $PRODUCERS request(s)) after a 2000-message warm-up"
}

main "$@"
