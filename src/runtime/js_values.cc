#include "edged/runtime/js_values.h"

#include <v8-array-buffer.h>
#include <v8-object.h>

#include <cstring>

namespace edged::runtime {

v8::Local<v8::String> newString(v8::Isolate* isolate, std::string_view utf8) {
  v8::Local<v8::String> out;
  if (!v8::String::NewFromUtf8(isolate, utf8.data(), v8::NewStringType::kNormal,
                               static_cast<int>(utf8.size()))
           .ToLocal(&out)) {
    return v8::String::Empty(isolate);
  }
  return out;
}

v8::Local<v8::String> newLatin1(v8::Isolate* isolate, std::string_view bytes) {
  v8::Local<v8::String> out;
  if (!v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(bytes.data()),
                                  v8::NewStringType::kNormal, static_cast<int>(bytes.size()))
           .ToLocal(&out)) {
    return v8::String::Empty(isolate);
  }
  return out;
}

std::string toUtf8(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::String::Utf8Value utf8(isolate, value);
  return *utf8 ? std::string(*utf8, utf8.length()) : std::string();
}

std::string toLatin1(v8::Isolate* isolate, v8::Local<v8::String> value) {
  std::string out(static_cast<size_t>(value->Length()), '\0');
  value->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(out.data()), 0,
                      static_cast<int>(out.size()), v8::String::NO_NULL_TERMINATION);
  return out;
}

v8::Local<v8::Uint8Array> newUint8Array(v8::Isolate* isolate, std::span<const uint8_t> bytes) {
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(isolate, bytes.size());
  if (!bytes.empty()) std::memcpy(store->Data(), bytes.data(), bytes.size());
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, std::move(store));
  return v8::Uint8Array::New(buffer, 0, bytes.size());
}

std::optional<std::span<uint8_t>> bufferSourceBytes(v8::Local<v8::Value> value) {
  if (value->IsArrayBufferView()) {
    auto view = value.As<v8::ArrayBufferView>();
    auto* base = static_cast<uint8_t*>(view->Buffer()->Data());
    if (base == nullptr) return std::span<uint8_t>();
    return std::span<uint8_t>(base + view->ByteOffset(), view->ByteLength());
  }
  if (value->IsArrayBuffer()) {
    auto buffer = value.As<v8::ArrayBuffer>();
    auto* base = static_cast<uint8_t*>(buffer->Data());
    if (base == nullptr) return std::span<uint8_t>();
    return std::span<uint8_t>(base, buffer->ByteLength());
  }
  return std::nullopt;
}

void throwTypeError(v8::Isolate* isolate, std::string_view message) {
  isolate->ThrowException(v8::Exception::TypeError(newString(isolate, message)));
}

void throwRangeError(v8::Isolate* isolate, std::string_view message) {
  isolate->ThrowException(v8::Exception::RangeError(newString(isolate, message)));
}

std::string describeException(v8::Isolate* isolate, v8::Local<v8::Value> exception) {
  v8::HandleScope scope(isolate);
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (exception->IsObject()) {
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> stack;
    if (getProperty(context, exception.As<v8::Object>(), "stack").ToLocal(&stack) &&
        stack->IsString()) {
      return toUtf8(isolate, stack);
    }
  }
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::String> text;
  if (exception->ToString(context).ToLocal(&text)) return toUtf8(isolate, text);
  return "<exception>";
}

v8::MaybeLocal<v8::Value> getProperty(v8::Local<v8::Context> context,
                                      v8::Local<v8::Object> object, std::string_view name) {
  return object->Get(context, newString(context->GetIsolate(), name));
}

}  // namespace edged::runtime
