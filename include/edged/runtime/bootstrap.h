#pragma once
// Runs the runtime JavaScript (runtime-js/) in a fresh context: builds the `ops` object from
// the native-op table, then calls each file as `function (globalThis, internals, ops,
// primordials)`. Done once, at build time, inside the snapshot generator; tests may run it
// directly to make a context without a snapshot.

#include <v8-context.h>
#include <v8-local-handle.h>

#include <string>
#include <vector>

#include "edged/runtime/native_op.h"
#include "edged/util/result.h"

namespace edged::runtime {

struct RuntimeScript {
  std::string name;    // shown in stack traces, e.g. "edged:api/05_url.js"
  std::string source;
};

// Returns the `internals` object, or the first file's uncaught error (with its stack).
Result<v8::Local<v8::Object>> bootstrapRuntime(v8::Local<v8::Context> context,
                                               NativeOpTable ops,
                                               const std::vector<RuntimeScript>& scripts);

}  // namespace edged::runtime
