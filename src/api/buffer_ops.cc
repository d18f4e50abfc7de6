#include <v8-array-buffer.h>

#include "edged/api/basic_ops.h"
#include "edged/runtime/js_values.h"

namespace edged::api {

void opTransferArrayBuffer(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsArrayBuffer()) return runtime::throwTypeError(isolate, "Expected an ArrayBuffer.");
  auto buffer = info[0].As<v8::ArrayBuffer>();
  if (!buffer->IsDetachable()) {
    return runtime::throwTypeError(isolate, "This ArrayBuffer cannot be transferred.");
  }
  std::shared_ptr<v8::BackingStore> store = buffer->GetBackingStore();
  buffer->Detach();
  info.GetReturnValue().Set(v8::ArrayBuffer::New(isolate, std::move(store)));
}

void opIsArrayBuffer(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(info[0]->IsArrayBuffer());
}

}  // namespace edged::api
