#pragma once
// The native ops of service bindings (runtime-js/api/59_services.js).

#include <v8-function-callback.h>

namespace edged::bindings::services {

// ops.serviceCall(binding, "fetch" | "rpc", payload) → Promise of the outcome (ServiceClient).
void opServiceCall(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.serviceReply(id, outcome): the target's outcome of call `id`; throws when it cannot be
// serialized.
void opServiceReply(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.serviceDone(id): call `id` and its waitUntil work are over.
void opServiceDone(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::services
