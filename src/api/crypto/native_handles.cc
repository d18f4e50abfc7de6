#include "native_handles.h"

#include <v8-isolate.h>
#include <v8-persistent-handle.h>
#include <v8-template.h>

#include <memory>
#include <unordered_map>

#include "edged/runtime/realm.h"

namespace edged::api::crypto {
namespace {

struct CryptoHandles;

struct Entry {
  NativeObject object;
  v8::Global<v8::Object> handle;
  CryptoHandles* owner = nullptr;
  int64_t footprint = 0;
};

void onHandleCollected(const v8::WeakCallbackInfo<Entry>& info);

// Every live handle of a realm. Isolates live across requests, so material a Worker drops must
// not live as long as the isolate: see onHandleCollected.
struct CryptoHandles : runtime::RealmState {
  std::unordered_map<Entry*, std::unique_ptr<Entry>> live;
  v8::Global<v8::ObjectTemplate> handle_template;
  // Freed by the garbage collector's callbacks, not yet reported to V8 (they may not call it).
  int64_t unreported_free = 0;

  // Tells V8 about memory it cannot see, so garbage collection keeps up with dropped keys.
  void reportMemory(v8::Isolate* isolate, int64_t change) {
    change -= unreported_free;
    unreported_free = 0;
    if (change != 0) isolate->AdjustAmountOfExternalAllocatedMemory(change);
  }

  v8::Local<v8::ObjectTemplate> handleTemplate(v8::Isolate* isolate) {
    if (handle_template.IsEmpty()) {
      v8::Local<v8::ObjectTemplate> created = v8::ObjectTemplate::New(isolate);
      created->SetInternalFieldCount(1);
      handle_template.Reset(isolate, created);
    }
    return handle_template.Get(isolate);
  }
};

// A first-pass weak callback: it may only reset the handle and free native memory.
void onHandleCollected(const v8::WeakCallbackInfo<Entry>& info) {
  Entry* entry = info.GetParameter();
  entry->handle.Reset();
  CryptoHandles* owner = entry->owner;
  owner->unreported_free += entry->footprint;
  owner->live.erase(entry);
}

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
  CryptoHandles& handles = runtime::Realm::from(isolate)->state<CryptoHandles>();
  v8::Local<v8::Object> handle;
  if (!handles.handleTemplate(isolate)
           ->NewInstance(isolate->GetCurrentContext())
           .ToLocal(&handle)) {
    return {};
  }
  auto owned = std::make_unique<Entry>(Entry{std::move(object), {}, &handles, 0});
  Entry* entry = owned.get();
  entry->footprint = footprintOf(entry->object);
  handle->SetAlignedPointerInInternalField(0, entry);
  entry->handle.Reset(isolate, handle);
  entry->handle.SetWeak(entry, &onHandleCollected, v8::WeakCallbackType::kParameter);
  handles.live.emplace(entry, std::move(owned));
  handles.reportMemory(isolate, entry->footprint);
  return handle;
}

NativeObject* findNative(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (!value->IsObject()) return nullptr;
  v8::Local<v8::Object> object = value.As<v8::Object>();
  if (object->InternalFieldCount() != 1) return nullptr;
  auto* entry = static_cast<Entry*>(object->GetAlignedPointerFromInternalField(0));
  CryptoHandles& handles = runtime::Realm::from(isolate)->state<CryptoHandles>();
  auto it = handles.live.find(entry);
  return it == handles.live.end() ? nullptr : &it->second->object;
}

}  // namespace edged::api::crypto
