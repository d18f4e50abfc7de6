#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (unit, end-to-end, fuzz smoke).
# Idempotent and quick when nothing changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cd "$root"
ctest --preset release -j2 --output-on-failure
# The libFuzzer targets (HTTP parser, wrangler.jsonc loader) built with ASan+UBSan, run briefly.
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target http_parser_fuzz websocket_frame_fuzz config_fuzz asset_rules_fuzz
for target in http_parser_fuzz websocket_frame_fuzz config_fuzz asset_rules_fuzz; do
  corpus="$root/build/fuzz/corpus/$target"
  mkdir -p "$corpus"
  "$root/build/fuzz/tests/fuzz/$target" -max_total_time=20 -print_final_stats=0 "$corpus" \
    >"$root/build/fuzz/$target.log" 2>&1 || { tail -50 "$root/build/fuzz/$target.log"; exit 1; }
  echo "fuzz: $target ran 20 s without a crash"
done
