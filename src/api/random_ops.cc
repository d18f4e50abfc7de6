#include <openssl/rand.h>
#include <v8-primitive.h>

#include <cstdio>

#include "edged/api/basic_ops.h"
#include "edged/runtime/js_values.h"
#include "edged/util/clock.h"

namespace edged::api {

void opRandomFill(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto bytes = runtime::bufferSourceBytes(info[0]);
  if (!bytes) return runtime::throwTypeError(info.GetIsolate(), "Expected an ArrayBufferView.");
  if (!bytes->empty() && RAND_bytes(bytes->data(), static_cast<int>(bytes->size())) != 1) {
    return runtime::throwTypeError(info.GetIsolate(), "internal error: no randomness available");
  }
}

void opRandomUUID(const v8::FunctionCallbackInfo<v8::Value>& info) {
  uint8_t b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    return runtime::throwTypeError(info.GetIsolate(), "internal error: no randomness available");
  }
  b[6] = (b[6] & 0x0F) | 0x40;  // version 4
  b[8] = (b[8] & 0x3F) | 0x80;  // variant 10
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                b[14], b[15]);
  info.GetReturnValue().Set(runtime::newLatin1(info.GetIsolate(), std::string_view(out, 36)));
}

void opMonotonicNow(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(static_cast<double>(clock::monotonicNs()) / 1e6);
}

}  // namespace edged::api
