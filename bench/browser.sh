#!/usr/bin/env bash
# Browser Rendering's figure of issue 8 (bench/browser/driver.mjs does the work): time to the
# first screenshot from a Worker with no browser running (the request launches Chromium) against
# one connecting to a session kept alive between requests. Needs Debian's chromium and
# tests/compat's npm packages (@cloudflare/puppeteer).
#
#   bench/browser.sh
#
# Environment (all optional), besides EDGED and BENCH_QUIET_WAIT of bench/run.sh:
#   BENCH_RUNS   timed requests of each kind (default 5)
# JSON report on stdout and in bench/.build/browser.json.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$BUILD_DIR"
wait_for_quiet_machine
node "$BENCH_DIR/browser/driver.mjs" --edged="$EDGED" --runs="${BENCH_RUNS:-5}" | tee "$BUILD_DIR/browser.json"
