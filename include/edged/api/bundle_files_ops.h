#pragma once
// Native half of node:fs's read-only /bundle directory: the Worker's own modules, as workerd
// shows them (runtime-js/api/81_node_fs_vfs.js). Listed once in src/ops/native_ops.cc.

#include <v8-function-callback.h>

namespace edged::api {

// ops.bundleFileNames() → the names of the Worker's modules ("index.js", "data/x.txt", …).
void opBundleFileNames(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.bundleFileRead(name) → a Uint8Array copy of that module's bytes (source text as UTF-8,
// raw bytes for Data and CompiledWasm modules), or undefined when there is no such module.
void opBundleFileRead(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
