#!/usr/bin/env bash
# The production-server figures of issue 7 (bench/deploy/driver.mjs does the work):
#   - requests/s, p99 and failed requests of a hello Worker under wrk, steady and while it is
#     redeployed over the admin API every BENCH_REDEPLOY_MS;
#   - time from the deploy call to the first request the new version answers, against workerd's
#     time from start to first answer (workerd deploys by restarting with a new config);
#   - RSS with 100 hello Workers deployed and idle, against workerd serving the same 100.
#
#   bench/deploy.sh
#
# Environment (all optional), besides EDGED, WORKERD and BENCH_QUIET_WAIT of bench/run.sh:
#   BENCH_THREADS      edged serving threads (default 2)
#   BENCH_DURATION     wrk duration of the steady and the redeploy runs (default 10s)
#   BENCH_REDEPLOY_MS  pause between redeploys under load (default 1000)
#   BENCH_DEPLOYS      deploys timed to their first request (default 20)
#   BENCH_WORKERS      Workers in the memory figure (default 100)
# JSON report on stdout and in bench/.build/deploy.json.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$BUILD_DIR"
wait_for_quiet_machine
node "$BENCH_DIR/deploy/driver.mjs" --edged="$EDGED" --workerd="$WORKERD" --work="$BUILD_DIR/deploy-work" \
  --threads="${BENCH_THREADS:-2}" --duration="${BENCH_DURATION:-10s}" \
  --redeploy-ms="${BENCH_REDEPLOY_MS:-1000}" --deploys="${BENCH_DEPLOYS:-20}" \
  --workers="${BENCH_WORKERS:-100}" | tee "$BUILD_DIR/deploy.json"
