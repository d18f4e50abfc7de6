#include "edged/api/compression.h"

#include <v8-container.h>
#include <v8-exception.h>
#include <v8-object.h>

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "api/compression_codec.h"
#include "edged/runtime/js_values.h"
#include "edged/runtime/weak_handles.h"

namespace edged::api {
namespace {

// The codecs of a realm's open CompressionStreams and DecompressionStreams.
using Codecs = runtime::WeakHandles<std::unique_ptr<Codec>>;

}  // namespace

void opCompressionCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
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
  int64_t footprint = static_cast<int64_t>((*codec)->footprint());
  v8::Local<v8::Object> handle;
  if (!Codecs::of(isolate).wrap(isolate, std::move(codec).value(), footprint).ToLocal(&handle)) {
    return;
  }
  info.GetReturnValue().Set(handle);
}

void opCompressionPush(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::unique_ptr<Codec>* codec = Codecs::of(isolate).find(info[0]);
  if (codec == nullptr) return runtime::throwTypeError(isolate, "The compression codec is closed.");
  std::optional<std::span<uint8_t>> input = std::span<uint8_t>();
  if (!info[1]->IsUndefined()) input = runtime::bufferSourceBytes(info[1]);
  if (!input) return runtime::throwTypeError(isolate, "compressionPush: input is not bytes");
  bool finish = info[2]->BooleanValue(isolate);

  std::vector<v8::Local<v8::Value>> pieces;
  Status status = (*codec)->push(*input, finish, [&](std::span<const uint8_t> piece) {
    pieces.push_back(runtime::newUint8Array(isolate, piece));
  });
  if (!status.ok()) return runtime::throwTypeError(isolate, status.error().message);
  info.GetReturnValue().Set(v8::Array::New(isolate, pieces.data(), pieces.size()));
}

void opCompressionClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Codecs::of(info.GetIsolate()).close(info.GetIsolate(), info[0]);
}

}  // namespace edged::api
