#pragma once
// The native ops of a KV namespace binding (their JS half: runtime-js/api/53_kv.js). The first
// argument of each is the namespace name from the binding's descriptor. Limits are checked
// here (kv_limits.h) and broken ones thrown with Workers' messages; JS has already converted
// every argument to its type. Values up to 1 MiB are read and written synchronously; larger
// ones on the thread pool, and the op then returns a promise.

#include <v8-function-callback.h>

namespace edged::bindings::kv {

// (ns, key, asText, cacheTtl) → null | [value (string or Uint8Array), metadata JSON or null]
void opKvGet(const v8::FunctionCallbackInfo<v8::Value>& info);
// (ns, keys[], cacheTtl) → one null | [text, metadata JSON or null] per key
void opKvGetBulk(const v8::FunctionCallbackInfo<v8::Value>& info);
// (ns, key, value (string or BufferSource), expiration, expirationTtl, metadata JSON)
void opKvPut(const v8::FunctionCallbackInfo<v8::Value>& info);
// (byteLength): throws Workers' error for a value that long, when it is too long (a streamed
// value is measured in JS before it reaches kvPut).
void opKvCheckValueSize(const v8::FunctionCallbackInfo<v8::Value>& info);
// (ns, key)
void opKvDelete(const v8::FunctionCallbackInfo<v8::Value>& info);
// (ns, prefix, limit, cursor) → [cursor or undefined, name, expiration, metadata JSON, name, …]
void opKvList(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::kv
