#include "edged/bindings/services/service_ops.h"

#include "edged/api/serialization.h"
#include "edged/bindings/services/service_client.h"
#include "edged/runtime/js_values.h"

namespace edged::bindings::services {

void opServiceCall(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  ServiceClient* client = realm == nullptr ? nullptr : ServiceClient::of(*realm);
  if (client == nullptr) {
    return runtime::throwTypeError(isolate, "Service bindings are not available in this context.");
  }
  std::string binding = runtime::toUtf8(isolate, info[0]);
  ServiceCallKind kind = runtime::toUtf8(isolate, info[1]) == "fetch" ? ServiceCallKind::kFetch
                                                                      : ServiceCallKind::kRpc;
  auto payload = api::serializeValue(isolate->GetCurrentContext(), info[2]);
  if (!payload) return;  // the pending error reaches JS, which throws it as a DataCloneError
  v8::Local<v8::Promise> promise;
  if (client->send(binding, kind, std::move(*payload)).ToLocal(&promise)) {
    info.GetReturnValue().Set(promise);
  }
}

}  // namespace edged::bindings::services
