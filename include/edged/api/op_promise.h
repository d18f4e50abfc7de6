#pragma once
// Promises a native op returns at once and settles later, inside its realm and under the id of
// the request it belongs to (fetch_client.cc, socket_ops.cc).

#include <v8-function-callback.h>
#include <v8-persistent-handle.h>
#include <v8-promise.h>

#include <string>
#include <utility>

#include "edged/runtime/realm.h"

namespace edged::api {

using ParkedResolver = v8::Global<v8::Promise::Resolver>;

// Creates the promise the op returns; `slot` (when given) keeps its resolver for later. Empty
// when V8 cannot create it (JavaScript is being terminated).
inline v8::Local<v8::Promise::Resolver> returnPromise(const v8::FunctionCallbackInfo<v8::Value>& info,
                                                      ParkedResolver* slot = nullptr) {
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(info.GetIsolate()->GetCurrentContext()).ToLocal(&resolver)) {
    return {};
  }
  if (slot != nullptr) slot->Reset(info.GetIsolate(), resolver);
  info.GetReturnValue().Set(resolver->GetPromise());
  return resolver;
}

// Settles `resolver` inside `realm` under `request_id`. JavaScript runs in there (the microtask
// checkpoint) and may close or abort anything: callers hand `settle` everything it needs and look
// their objects up again by id afterwards (hence `request_id` by value).
template <typename Settle>
void settleIn(runtime::Realm& realm, std::string request_id, ParkedResolver resolver, Settle&& settle) {
  realm.enter(
      [&](v8::Local<v8::Context> context) {
        v8::Local<v8::Promise::Resolver> local = resolver.Get(context->GetIsolate());
        resolver.Reset();
        settle(context, local);
      },
      request_id);
}

}  // namespace edged::api
