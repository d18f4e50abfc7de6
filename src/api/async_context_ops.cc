#include <v8-context.h>
#include <v8-isolate.h>

#include "edged/api/async_context.h"

namespace edged::api {

void opAsyncContextGet(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
  info.GetReturnValue().Set(context->GetContinuationPreservedEmbedderData());
}

void opAsyncContextSet(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
  context->SetContinuationPreservedEmbedderData(info[0]);
}

}  // namespace edged::api
