#pragma once
// Formats `error.stack` without the runtime's own frames (scripts named "edged:…"), so a
// Worker's stack trace shows only its own code, as on workerd. A Worker that sets
// Error.prepareStackTrace still gets it called, with the filtered call sites.

#include <v8-context.h>
#include <v8-local-handle.h>

namespace edged::runtime {

v8::MaybeLocal<v8::Value> prepareStackTrace(v8::Local<v8::Context> context,
                                            v8::Local<v8::Value> error,
                                            v8::Local<v8::Array> sites);

}  // namespace edged::runtime
