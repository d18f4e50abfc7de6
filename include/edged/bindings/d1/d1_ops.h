#pragma once
// The native ops of D1 bindings (their JS half: runtime-js/api/54_d1.js). Each returns a promise
// settled once the work ran on the thread pool (query_queue.h).
//
//   d1Query(file, [[sql, params], …]) → [bookmark, [[columns, rows, meta], …]]
//   d1Exec(file, sql)                 → [count, duration]
//   d1Dump(file)                      → ArrayBuffer
//
// `file` is the database's file name under <data-dir>/d1/ (binding_specs.h). Parameters are
// null, numbers, strings or Uint8Arrays (the JS half converts the rest as D1 does); BLOBs come
// back as arrays of byte values, as D1 returns them. A SQL error rejects with its D1 text (a
// string, which the JS half turns into "D1_ERROR: …"); edged's own failures reject with
// "internal error; reference = <id>" and a log line.
#include <v8-function-callback.h>

namespace edged::bindings::d1 {

void opD1Query(const v8::FunctionCallbackInfo<v8::Value>& info);
void opD1Exec(const v8::FunctionCallbackInfo<v8::Value>& info);
void opD1Dump(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::d1
