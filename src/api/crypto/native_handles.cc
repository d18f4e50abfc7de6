#include "native_handles.h"

#include <utility>

#include "edged/runtime/weak_handles.h"

namespace edged::api::crypto {
namespace {

using Handles = runtime::WeakHandles<NativeObject>;

// A rough size of what the object holds outside V8's heap: enough for V8 to schedule
// collections when a Worker creates keys in a loop.
int64_t footprintOf(const NativeObject& object) {
  if (const auto* secret = std::get_if<SecretKey>(&object)) {
    return static_cast<int64_t>(secret->bytes.size()) + 64;
  }
  if (const auto* key = std::get_if<AsymmetricKey>(&object)) {
    return EVP_PKEY_get_bits(key->pkey.get()) + 512;  // bits: about 8x an RSA key's storage
  }
  return 512;
}

}  // namespace

v8::MaybeLocal<v8::Object> wrapNative(v8::Isolate* isolate, NativeObject object) {
  int64_t footprint = footprintOf(object);
  return Handles::of(isolate).wrap(isolate, std::move(object), footprint);
}

NativeObject* findNative(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  return Handles::of(isolate).find(value);
}

}  // namespace edged::api::crypto
