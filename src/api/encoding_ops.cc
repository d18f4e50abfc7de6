#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-primitive.h>

#include "edged/api/basic_ops.h"
#include "edged/runtime/js_values.h"

namespace edged::api {
namespace {

// Validates UTF-8 per RFC 3629 / the Encoding Standard's decoder (no overlongs, surrogates or
// code points past U+10FFFF).
bool isValidUtf8(std::span<const uint8_t> s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > n) return false;
    if (s[i + 1] < lo || s[i + 1] > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

}  // namespace

void opEncodeUtf8(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::String> str;
  if (!info[0]->ToString(isolate->GetCurrentContext()).ToLocal(&str)) return;
  int length = str->Utf8Length(isolate);
  std::unique_ptr<v8::BackingStore> store =
      v8::ArrayBuffer::NewBackingStore(isolate, static_cast<size_t>(length));
  str->WriteUtf8(isolate, static_cast<char*>(store->Data()), length, nullptr,
                 v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, std::move(store));
  info.GetReturnValue().Set(v8::Uint8Array::New(buffer, 0, static_cast<size_t>(length)));
}

void opEncodeUtf8Into(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::String> str;
  if (!info[0]->ToString(context).ToLocal(&str)) return;
  auto dest = runtime::bufferSourceBytes(info[1]);
  if (!dest) return runtime::throwTypeError(isolate, "The destination must be a Uint8Array.");
  int read = 0;
  int written = str->WriteUtf8(isolate, reinterpret_cast<char*>(dest->data()),
                               static_cast<int>(dest->size()), &read,
                               v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
  v8::Local<v8::Value> pair[] = {v8::Integer::New(isolate, read),
                                 v8::Integer::New(isolate, written)};
  info.GetReturnValue().Set(v8::Array::New(isolate, pair, 2));
}

void opDecodeUtf8(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  auto bytes = runtime::bufferSourceBytes(info[0]);
  if (!bytes) {
    return runtime::throwTypeError(isolate, "The \"input\" argument must be an ArrayBuffer or "
                                            "ArrayBufferView.");
  }
  if (info[1]->IsTrue() && !isValidUtf8(*bytes)) {
    return runtime::throwTypeError(isolate, "The encoded data was not valid for encoding utf-8");
  }
  // V8's decoder replaces malformed sequences with U+FFFD using the Encoding Standard's
  // maximal-subpart rule.
  v8::Local<v8::String> out;
  if (!v8::String::NewFromUtf8(isolate, reinterpret_cast<const char*>(bytes->data()),
                               v8::NewStringType::kNormal, static_cast<int>(bytes->size()))
           .ToLocal(&out)) {
    return runtime::throwRangeError(isolate, "Invalid string length");
  }
  info.GetReturnValue().Set(out);
}

void opDecodeLatin1(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  auto bytes = runtime::bufferSourceBytes(info[0]);
  if (!bytes) {
    return runtime::throwTypeError(isolate, "The \"input\" argument must be an ArrayBuffer or "
                                            "ArrayBufferView.");
  }
  // windows-1252 differs from ISO-8859-1 in 0x80–0x9F (Encoding Standard index).
  static constexpr uint16_t kHigh[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::u16string units(bytes->size(), u'\0');
  for (size_t i = 0; i < bytes->size(); ++i) {
    uint8_t b = (*bytes)[i];
    units[i] = (b >= 0x80 && b <= 0x9F) ? kHigh[b - 0x80] : b;
  }
  v8::Local<v8::String> out;
  if (!v8::String::NewFromTwoByte(isolate, reinterpret_cast<const uint16_t*>(units.data()),
                                  v8::NewStringType::kNormal, static_cast<int>(units.size()))
           .ToLocal(&out)) {
    return runtime::throwRangeError(isolate, "Invalid string length");
  }
  info.GetReturnValue().Set(out);
}

}  // namespace edged::api
