#pragma once
// Native ops behind Durable Object namespaces, stubs and the objects themselves
// (runtime-js/api/51_durable_objects.js). Listed in src/ops/native_ops.cc.

#include <v8-function-callback.h>

namespace edged::bindings::durable_objects {

// ops.doIdFromName(worker, className, name) → the id's 64 hex digits.
void opDoIdFromName(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.doNewUniqueId(worker, className) → a fresh random id.
void opDoNewUniqueId(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.doIdFromString(worker, className, text) → the canonical id; TypeError when `text` is not
// an id of this namespace.
void opDoIdFromString(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.doCall(worker, className, id, name, kind, payload) → promise of the object's reply
// ({ok, value} or {ok, error}); `kind` is "fetch" or "rpc", `payload` a cloneable value.
void opDoCall(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.doReply(token, reply): the outcome of the event `token` ({ok, value} or {ok, error});
// throws when `reply` cannot be serialized.
void opDoReply(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::durable_objects
