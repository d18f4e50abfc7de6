#pragma once
// The target side of service bindings: a call delivered to the target Worker's realm runs its
// entrypoint (internals.serviceDeliver, runtime-js/api/59_services.js) with the target's own
// env and a fresh ctx whose props are the binding's.

#include <v8-function-callback.h>

#include <functional>

#include "edged/bindings/services/service_call.h"
#include "edged/runtime/realm.h"

namespace edged::bindings::services {

// Runs `call` in `realm`, on its thread. `call.reply` runs once with the outcome; `finished`
// runs once after that and after the call's waitUntil work settled (the serving thread counts
// the call as in flight until then), or from failAllServiceCalls.
void runServiceCall(runtime::Realm& realm, ServiceCall call, std::function<void()> finished);

// Fails every call still running in `realm` (its isolate broke a limit and is being discarded).
void failAllServiceCalls(runtime::Realm& realm, const std::string& message);

}  // namespace edged::bindings::services
