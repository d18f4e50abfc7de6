#pragma once
// A native operation: a C++ function runtime JS calls through the `ops` object
// (runtime-js/README.md). The table of all of them is in src/ops/native_ops.cc; the same table
// is used to build the snapshot and to load it, as V8's external references require.

#include <v8-function-callback.h>

#include <span>

namespace edged::runtime {

struct NativeOp {
  const char* name;
  v8::FunctionCallback callback;
};

using NativeOpTable = std::span<const NativeOp>;

}  // namespace edged::runtime
