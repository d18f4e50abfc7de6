#pragma once
// Small conversions between V8 values and C++ used by native ops. Every V8 Maybe is checked
// (STYLE.md): functions return empty/false when JS threw, leaving the exception pending.

#include <v8-context.h>
#include <v8-exception.h>
#include <v8-isolate.h>
#include <v8-local-handle.h>
#include <v8-primitive.h>
#include <v8-typed-array.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace edged::runtime {

v8::Local<v8::String> newString(v8::Isolate* isolate, std::string_view utf8);
// A one-byte (Latin-1) string, for HTTP header bytes and ASCII.
v8::Local<v8::String> newLatin1(v8::Isolate* isolate, std::string_view bytes);
std::string toUtf8(v8::Isolate* isolate, v8::Local<v8::Value> value);
// Latin-1 bytes of a string whose code units are all < 256 (HTTP ByteString).
std::string toLatin1(v8::Isolate* isolate, v8::Local<v8::String> value);

// A Uint8Array over a fresh copy of `bytes`.
v8::Local<v8::Uint8Array> newUint8Array(v8::Isolate* isolate, std::span<const uint8_t> bytes);
// The bytes viewed by an ArrayBuffer or ArrayBufferView; nullopt for other values.
std::optional<std::span<uint8_t>> bufferSourceBytes(v8::Local<v8::Value> value);

void throwTypeError(v8::Isolate* isolate, std::string_view message);
void throwRangeError(v8::Isolate* isolate, std::string_view message);

// "Error: message\n    at ..." — the stack when there is one, else String(exception).
std::string describeException(v8::Isolate* isolate, v8::Local<v8::Value> exception);

// Reads property `name` of `object`; empty when it threw.
v8::MaybeLocal<v8::Value> getProperty(v8::Local<v8::Context> context,
                                      v8::Local<v8::Object> object, std::string_view name);

}  // namespace edged::runtime
