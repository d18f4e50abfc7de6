#!/usr/bin/env bash
# Installs everything edged needs to build and test on Debian 12, then builds it.
# Idempotent: packages already present are skipped, V8 is unpacked once, npm tools once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${EDGED_PRESET:-release}
deps="$root/build/deps"

debian_packages=(
  cmake g++ make pkg-config ninja-build
  libuv1-dev node-llhttp libssl-dev libsqlite3-dev libsimdjson-dev libfmt-dev libspdlog-dev
  zlib1g-dev libbrotli-dev libzstd-dev libicu-dev libgtest-dev googletest
  libicu72 libc-ares2 libbrotli1 libnghttp2-14 libuv1
  curl wrk openssl systemd nodejs npm clang libclang-rt-14-dev
  postgresql chromium
)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm ships inside NodeSource's nodejs; only ask apt for it when node has no npm.
if command -v npm >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [ "$p" = npm ] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if command -v node >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [ "$p" = nodejs ] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# V8 comes from Debian's libnode. When the system nodejs is not Debian's, libnode-dev cannot be
# installed beside it, so its two packages are unpacked into a private prefix (DESIGN.md).
# (NodeSource's nodejs ships /usr/include/node with another V8's headers: look for the library.)
if [ ! -f /usr/lib/x86_64-linux-gnu/libnode.so ] && [ ! -f "$deps/libnode/usr/include/node/v8.h" ]; then
  if apt-get install -y -qq --dry-run libnode-dev >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libnode-dev >/dev/null
  else
    echo "setup: unpacking libnode108 + libnode-dev into $deps/libnode"
    mkdir -p "$deps/download" "$deps/libnode"
    (cd "$deps/download" && apt-get download libnode108 libnode-dev >/dev/null)
    for deb in "$deps"/download/*.deb; do dpkg-deb -x "$deb" "$deps/libnode"; done
  fi
fi

# npm tools: esbuild for bundling Workers; workerd, ws for tests and benchmarks.
tools="$root/build/tools"
if [ ! -f "$tools/.installed" ] || [ "$root/scripts/tools-package.json" -nt "$tools/.installed" ]; then
  mkdir -p "$tools"
  cp "$root/scripts/tools-package.json" "$tools/package.json"
  (cd "$tools" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$tools/.installed"
fi

# npm libraries the compatibility suite, Hyperdrive and Browser Rendering tests bundle into Workers.
compat="$root/tests/compat"
if [ ! -f "$compat/node_modules/.package-lock.json" ] || [ "$compat/package-lock.json" -nt "$compat/node_modules/.package-lock.json" ]; then
  (cd "$compat" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# The TypeScript example's npm dependencies (its end-to-end test bundles it).
if [ ! -d "$root/examples/hono-ts/node_modules/hono" ]; then
  (cd "$root/examples/hono-ts" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

[ -f "$root/build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
