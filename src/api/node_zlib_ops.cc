#include "edged/api/node_zlib.h"

#include <v8-container.h>
#include <v8-exception.h>
#include <v8-object.h>

#include <memory>
#include <span>
#include <vector>

#include "api/node_zlib_stream.h"
#include "edged/runtime/js_values.h"
#include "edged/runtime/weak_handles.h"

namespace edged::api {
namespace {

// The streams of a realm's node:zlib objects.
using Streams = runtime::WeakHandles<std::unique_ptr<ZlibStream>>;

// Node's zlib errors: an Error with `code` and `errno`.
void throwZlibError(v8::Isolate* isolate, const ZlibError& error) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Value> exception = v8::Exception::Error(runtime::newString(isolate, error.message));
  v8::Local<v8::Object> object = exception.As<v8::Object>();
  if (object->Set(context, runtime::newString(isolate, "code"),
                  runtime::newString(isolate, error.code)).IsNothing() ||
      object->Set(context, runtime::newString(isolate, "errno"),
                  v8::Integer::New(isolate, error.errno_value)).IsNothing()) {
    return;
  }
  isolate->ThrowException(exception);
}

int intArg(const v8::FunctionCallbackInfo<v8::Value>& info, int index, int fallback) {
  v8::Local<v8::Value> value = info[index];
  if (!value->IsInt32()) return fallback;
  return value.As<v8::Int32>()->Value();
}

}  // namespace

void opZlibCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  int mode = intArg(info, 0, 0);
  if (mode < static_cast<int>(ZlibMode::kDeflate) ||
      mode > static_cast<int>(ZlibMode::kZstdDecompress)) {
    return runtime::throwTypeError(isolate, "zlibCreate: unknown mode");
  }
  ZlibOptions options;
  options.level = intArg(info, 1, options.level);
  options.window_bits = intArg(info, 2, options.window_bits);
  options.mem_level = intArg(info, 3, options.mem_level);
  options.strategy = intArg(info, 4, options.strategy);
  if (std::optional<std::span<uint8_t>> dictionary = runtime::bufferSourceBytes(info[5])) {
    options.dictionary.assign(dictionary->begin(), dictionary->end());
  }
  bool zstd = mode == static_cast<int>(ZlibMode::kZstdCompress) ||
              mode == static_cast<int>(ZlibMode::kZstdDecompress);
  if (info[6]->IsArray()) {
    v8::Local<v8::Array> params = info[6].As<v8::Array>();
    for (uint32_t i = 0; i + 1 < params->Length(); i += 2) {
      v8::Local<v8::Value> key, value;
      if (!params->Get(context, i).ToLocal(&key) || !params->Get(context, i + 1).ToLocal(&value)) {
        return;
      }
      if (!key->IsUint32()) continue;
      auto id = static_cast<int>(key.As<v8::Uint32>()->Value());
      if (zstd && value->IsInt32()) {
        options.zstd_params[id] = value.As<v8::Int32>()->Value();
      } else if (!zstd && value->IsUint32()) {
        options.brotli_params[id] = value.As<v8::Uint32>()->Value();
      }
    }
  }
  // pledgedSrcSize: the JS side checked it is a whole number below 2^53; the range is checked
  // again because converting anything else to an integer is undefined.
  if (info[7]->IsNumber()) {
    double size = info[7].As<v8::Number>()->Value();
    if (size >= 0 && size <= 9007199254740991.0) {
      options.pledged_src_size = static_cast<uint64_t>(size);
    }
  }
  ZlibError error;
  std::unique_ptr<ZlibStream> stream = ZlibStream::create(static_cast<ZlibMode>(mode), options, error);
  if (stream == nullptr) return throwZlibError(isolate, error);

  int64_t footprint = static_cast<int64_t>(stream->footprint());
  v8::Local<v8::Object> handle;
  if (!Streams::of(isolate).wrap(isolate, std::move(stream), footprint).ToLocal(&handle)) return;
  info.GetReturnValue().Set(handle);
}

void opZlibWrite(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::unique_ptr<ZlibStream>* stream = Streams::of(isolate).find(info[0]);
  if (stream == nullptr) {
    return throwZlibError(isolate, ZlibError{"zlib binding closed", "ERR_ZLIB_BINDING_CLOSED", 0});
  }
  std::optional<std::span<uint8_t>> input = std::span<uint8_t>();
  if (!info[1]->IsUndefined()) input = runtime::bufferSourceBytes(info[1]);
  if (!input) return runtime::throwTypeError(isolate, "zlibWrite: input is not bytes");
  int flush = intArg(info, 2, 0);

  std::vector<v8::Local<v8::Value>> pieces;
  std::optional<ZlibError> error =
      (*stream)->write(*input, flush, [&](std::span<const uint8_t> piece) {
        pieces.push_back(runtime::newUint8Array(isolate, piece));
      });
  if (error) return throwZlibError(isolate, *error);
  info.GetReturnValue().Set(v8::Array::New(isolate, pieces.data(), pieces.size()));
}

void opZlibReset(const v8::FunctionCallbackInfo<v8::Value>& info) {
  std::unique_ptr<ZlibStream>* stream = Streams::of(info.GetIsolate()).find(info[0]);
  if (stream != nullptr) (*stream)->reset();
}

void opZlibClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Streams::of(info.GetIsolate()).close(info.GetIsolate(), info[0]);
}

void opZlibCrc32(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::optional<std::span<uint8_t>> data = runtime::bufferSourceBytes(info[0]);
  if (!data) return runtime::throwTypeError(isolate, "zlibCrc32: data is not bytes");
  uint32_t value = info[1]->IsUint32() ? info[1].As<v8::Uint32>()->Value() : 0;
  info.GetReturnValue().Set(v8::Integer::NewFromUnsigned(isolate, zlibCrc32(*data, value)));
}

}  // namespace edged::api
