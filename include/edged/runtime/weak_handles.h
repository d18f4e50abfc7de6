#pragma once
// Native objects that JavaScript holds through opaque handle objects (a compression codec, a
// node:zlib stream, crypto key material). The handle's internal field points at the entry and
// the entry holds the handle weakly: an object is freed when runtime-js closes it or, since
// isolates live across requests, when the Worker drops its handle and the garbage collector
// takes it. Each T gets its own per-realm table: `Realm::state<WeakHandles<T>>()`.

#include <v8-isolate.h>
#include <v8-local-handle.h>
#include <v8-object.h>
#include <v8-persistent-handle.h>
#include <v8-template.h>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>

#include "edged/runtime/realm.h"

namespace edged::runtime {

template <typename T>
class WeakHandles : public RealmState {
 public:
  static WeakHandles& of(v8::Isolate* isolate) { return Realm::from(isolate)->state<WeakHandles>(); }

  // A new handle owning `value`; `footprint` is roughly what it holds outside V8's heap, told to
  // V8 so that collections keep up with a Worker that drops objects in a loop.
  v8::MaybeLocal<v8::Object> wrap(v8::Isolate* isolate, T value, int64_t footprint) {
    v8::Local<v8::Object> handle;
    if (!handleTemplate(isolate)->NewInstance(isolate->GetCurrentContext()).ToLocal(&handle)) {
      return {};
    }
    auto owned = std::make_unique<Entry>(Entry{std::move(value), {}, this, footprint});
    Entry* entry = owned.get();
    handle->SetAlignedPointerInInternalField(0, entry);
    entry->handle.Reset(isolate, handle);
    entry->handle.SetWeak(entry, &onCollected, v8::WeakCallbackType::kParameter);
    live_.emplace(entry, std::move(owned));
    reportMemory(isolate, footprint);
    return handle;
  }

  // The object behind a handle; null for anything else and for closed handles.
  T* find(v8::Local<v8::Value> value) {
    Entry* entry = entryOf(value);
    return entry == nullptr ? nullptr : &entry->value;
  }

  // Frees the object behind `value` now (nothing when it is not an open handle).
  void close(v8::Isolate* isolate, v8::Local<v8::Value> value) {
    Entry* entry = entryOf(value);
    if (entry == nullptr) return;
    value.As<v8::Object>()->SetAlignedPointerInInternalField(0, nullptr);
    int64_t footprint = entry->footprint;
    live_.erase(entry);
    reportMemory(isolate, -footprint);
  }

 private:
  struct Entry {
    T value;
    v8::Global<v8::Object> handle;
    WeakHandles* owner;
    int64_t footprint;
  };

  Entry* entryOf(v8::Local<v8::Value> value) {
    if (!value->IsObject()) return nullptr;
    v8::Local<v8::Object> object = value.As<v8::Object>();
    if (object->InternalFieldCount() != 1) return nullptr;
    auto* entry = static_cast<Entry*>(object->GetAlignedPointerFromInternalField(0));
    return entry != nullptr && live_.contains(entry) ? entry : nullptr;
  }

  // A first-pass weak callback: it may only reset the handle and free native memory (no V8
  // calls, so the freed size is reported at the next wrap or close).
  static void onCollected(const v8::WeakCallbackInfo<Entry>& info) {
    Entry* entry = info.GetParameter();
    entry->handle.Reset();
    WeakHandles* owner = entry->owner;
    owner->unreported_free_ += entry->footprint;
    owner->live_.erase(entry);
  }

  void reportMemory(v8::Isolate* isolate, int64_t change) {
    change -= unreported_free_;
    unreported_free_ = 0;
    if (change != 0) isolate->AdjustAmountOfExternalAllocatedMemory(change);
  }

  v8::Local<v8::ObjectTemplate> handleTemplate(v8::Isolate* isolate) {
    if (template_.IsEmpty()) {
      v8::Local<v8::ObjectTemplate> created = v8::ObjectTemplate::New(isolate);
      created->SetInternalFieldCount(1);
      template_.Reset(isolate, created);
    }
    return template_.Get(isolate);
  }

  std::unordered_map<Entry*, std::unique_ptr<Entry>> live_;
  v8::Global<v8::ObjectTemplate> template_;
  int64_t unreported_free_ = 0;
};

}  // namespace edged::runtime
