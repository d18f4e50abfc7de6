#!/usr/bin/env bash
# Hyperdrive's figure of issue 8 (bench/hyperdrive/driver.mjs does the work): requests/s and p99
# of a Worker running a one-row SELECT per request through edged's pooling endpoint, against
# the same Worker connecting to PostgreSQL directly each time. Needs Debian's postgresql (the
# driver starts a throwaway server as user postgres) and tests/compat's npm packages (postgres).
#
#   bench/hyperdrive.sh
#
# Environment (all optional), besides EDGED and BENCH_QUIET_WAIT of bench/run.sh:
#   BENCH_THREADS      edged serving threads (default 2)
#   BENCH_DURATION     wrk duration of each run (default 10s)
#   BENCH_CONNECTIONS  wrk connections (default 16)
# JSON report on stdout and in bench/.build/hyperdrive.json.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$BUILD_DIR"
wait_for_quiet_machine
node "$BENCH_DIR/hyperdrive/driver.mjs" --edged="$EDGED" --threads="${BENCH_THREADS:-2}" \
  --duration="${BENCH_DURATION:-10s}" --connections="${BENCH_CONNECTIONS:-16}" | tee "$BUILD_DIR/hyperdrive.json"
