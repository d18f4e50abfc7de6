#include "edged/api/compression.h"

#include <v8-container.h>
#include <v8-exception.h>
#include <v8-object.h>
#include <v8-persistent-handle.h>
#include <v8-template.h>

#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "api/compression_codec.h"
#include "edged/runtime/js_values.h"
#include "edged/runtime/realm.h"

namespace edged::api {
namespace {

struct CompressionState;

// One codec and the JS object that stands for it. The object holds a pointer to this entry in
// its internal field; the entry holds the object weakly, so a stream a Worker drops frees its
// codec at the next garbage collection.
struct OpenCodec {
  std::unique_ptr<Codec> codec;
  v8::Global<v8::Object> handle;
  CompressionState* state = nullptr;
  size_t footprint = 0;
};

void onHandleCollected(const v8::WeakCallbackInfo<OpenCodec>& info);

// Every open codec of a realm. Isolates live across requests, so a codec that is never closed
// must not live as long as the isolate: see onHandleCollected.
struct CompressionState : runtime::RealmState {
  std::unordered_map<OpenCodec*, std::unique_ptr<OpenCodec>> open;
  v8::Global<v8::ObjectTemplate> handle_template;
  // Memory freed by the garbage collector's callbacks, not yet reported to V8 (they may not
  // call into V8).
  int64_t unreported_free = 0;

  // Tells V8 about memory it cannot see, so garbage collection keeps up with dropped codecs.
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

  // The entry behind a handle, or null for anything else and for closed handles.
  OpenCodec* find(v8::Local<v8::Value> value) {
    if (!value->IsObject()) return nullptr;
    v8::Local<v8::Object> object = value.As<v8::Object>();
    if (object->InternalFieldCount() != 1) return nullptr;
    auto* entry = static_cast<OpenCodec*>(object->GetAlignedPointerFromInternalField(0));
    return entry != nullptr && open.contains(entry) ? entry : nullptr;
  }
};

// A first-pass weak callback: it may only reset the handle and free native memory.
void onHandleCollected(const v8::WeakCallbackInfo<OpenCodec>& info) {
  OpenCodec* entry = info.GetParameter();
  entry->handle.Reset();
  CompressionState* state = entry->state;
  state->unreported_free += static_cast<int64_t>(entry->footprint);
  state->open.erase(entry);
}

CompressionState& stateOf(v8::Isolate* isolate) {
  return runtime::Realm::from(isolate)->state<CompressionState>();
}

}  // namespace

void opCompressionCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  std::optional<CompressionFormat> format =
      parseCompressionFormat(runtime::toUtf8(isolate, info[0]));
  std::optional<CodecMode> mode = parseCodecMode(runtime::toUtf8(isolate, info[1]));
  if (!format || !mode) {
    return runtime::throwTypeError(isolate, "compressionCreate: unknown format or mode");
  }
  Result<std::unique_ptr<Codec>> codec = Codec::create(*format, *mode);
  if (!codec.ok()) {
    isolate->ThrowException(
        v8::Exception::Error(runtime::newString(isolate, codec.error().message)));
    return;
  }
  CompressionState& state = stateOf(isolate);
  v8::Local<v8::Object> handle;
  if (!state.handleTemplate(isolate)->NewInstance(context).ToLocal(&handle)) return;

  auto owned = std::make_unique<OpenCodec>();
  OpenCodec* entry = owned.get();
  entry->codec = std::move(codec).value();
  entry->state = &state;
  entry->footprint = entry->codec->footprint();
  handle->SetAlignedPointerInInternalField(0, entry);
  entry->handle.Reset(isolate, handle);
  entry->handle.SetWeak(entry, &onHandleCollected, v8::WeakCallbackType::kParameter);
  state.open.emplace(entry, std::move(owned));
  state.reportMemory(isolate, static_cast<int64_t>(entry->footprint));
  info.GetReturnValue().Set(handle);
}

void opCompressionPush(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  OpenCodec* entry = stateOf(isolate).find(info[0]);
  if (entry == nullptr) return runtime::throwTypeError(isolate, "The compression codec is closed.");
  std::optional<std::span<uint8_t>> input = std::span<uint8_t>();
  if (!info[1]->IsUndefined()) input = runtime::bufferSourceBytes(info[1]);
  if (!input) return runtime::throwTypeError(isolate, "compressionPush: input is not bytes");
  bool finish = info[2]->BooleanValue(isolate);

  std::vector<v8::Local<v8::Value>> pieces;
  Status status = entry->codec->push(*input, finish, [&](std::span<const uint8_t> piece) {
    pieces.push_back(runtime::newUint8Array(isolate, piece));
  });
  if (!status.ok()) return runtime::throwTypeError(isolate, status.error().message);
  info.GetReturnValue().Set(v8::Array::New(isolate, pieces.data(), pieces.size()));
}

void opCompressionClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  CompressionState& state = stateOf(isolate);
  OpenCodec* entry = state.find(info[0]);
  if (entry == nullptr) return;
  info[0].As<v8::Object>()->SetAlignedPointerInInternalField(0, nullptr);
  int64_t footprint = static_cast<int64_t>(entry->footprint);
  state.open.erase(entry);
  state.reportMemory(isolate, -footprint);
}

}  // namespace edged::api
