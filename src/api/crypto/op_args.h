#pragma once
// Argument and result plumbing shared by the WebCrypto ops. runtime-js validates every argument
// with workerd's messages before calling an op, so a wrong type here is a runtime bug: it is
// reported as a TypeError naming the op, never as a crash.

#include <openssl/bn.h>
#include <v8-array-buffer.h>
#include <v8-function-callback.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "native_handles.h"

namespace edged::api::crypto {

using OpInfo = v8::FunctionCallbackInfo<v8::Value>;

// The bytes of argument `i` (an ArrayBuffer or a view), never with a null data pointer.
// Throws a TypeError and returns nullopt for anything else.
std::optional<std::span<const uint8_t>> bytesArg(const OpInfo& info, int i, const char* op);
// Like bytesArg, but undefined gives an empty span.
std::optional<std::span<const uint8_t>> optionalBytesArg(const OpInfo& info, int i, const char* op);
std::string stringArg(const OpInfo& info, int i);

// The digest named by argument `i`; throws a TypeError for a name runtime-js should not pass.
const EVP_MD* digestArg(const OpInfo& info, int i, const char* op);

// The native object of type T behind argument `i`; throws a TypeError and returns null when it
// is not one.
template <typename T>
T* handleArg(const OpInfo& info, int i, const char* op);

// A fresh ArrayBuffer holding `bytes`.
v8::Local<v8::ArrayBuffer> newArrayBuffer(v8::Isolate* isolate, std::span<const uint8_t> bytes);
// Sets the return value to a new handle for `object` (nothing when V8 threw).
void returnHandle(const OpInfo& info, NativeObject object);

// `n` big-endian, left-padded with zeros to `size` bytes (JWK and raw EC coordinates).
std::vector<uint8_t> bignumBytes(const BIGNUM* n, size_t size);
// `n` big-endian in its minimal length (RSA JWK members, public exponents).
std::vector<uint8_t> bignumBytes(const BIGNUM* n);

// Throws the TypeError that reports a runtime-js bug calling `op`.
void throwBadArgument(v8::Isolate* isolate, const char* op, int i);

template <typename T>
T* handleArg(const OpInfo& info, int i, const char* op) {
  T* object = unwrapNative<T>(info.GetIsolate(), info[i]);
  if (object == nullptr) throwBadArgument(info.GetIsolate(), op, i);
  return object;
}

}  // namespace edged::api::crypto
