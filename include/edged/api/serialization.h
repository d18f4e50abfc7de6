#pragma once
// Structured serialization to bytes (HTML §2.7 StructuredSerialize with V8's wire format): how
// values cross isolates and threads (Durable Object RPC) and reach disk (Durable Object storage).

#include <v8-context.h>
#include <v8-function-callback.h>
#include <v8-local-handle.h>
#include <v8-value.h>

#include <optional>
#include <string>
#include <string_view>

namespace edged::api {

// The bytes of `value`, or nullopt with an Error pending in the isolate when it cannot be
// serialized (a function, a symbol, a host object…); runtime JS turns that into DataCloneError.
std::optional<std::string> serializeValue(v8::Local<v8::Context> context, v8::Local<v8::Value> value);

// The value `bytes` hold, or an empty handle with an exception pending when they are corrupt.
v8::MaybeLocal<v8::Value> deserializeValue(v8::Local<v8::Context> context, std::string_view bytes);

// ops.serialize(value) → Uint8Array; ops.deserialize(bytes) → value (WebSocket attachments).
void opSerialize(const v8::FunctionCallbackInfo<v8::Value>& info);
void opDeserialize(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
