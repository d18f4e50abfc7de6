#pragma once
// The calling side of service bindings in one realm: the Worker's `services` as wrangler.jsonc
// gave them, and its calls in flight. A call is posted to the loop (the target never runs
// inside the caller's JavaScript), delivered by the serving thread, and its outcome posted back
// to settle the caller's promise.

#include <v8-promise.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "edged/bindings/services/service_call.h"
#include "edged/config/worker_config.h"
#include "edged/runtime/realm.h"

namespace edged::bindings::services {

class ServiceClient : public runtime::RealmState {
 public:
  ~ServiceClient() override;

  // Gives `realm` its service bindings; `deliver` runs each call (on this realm's thread).
  static void attach(runtime::Realm& realm, std::vector<config::ServiceBinding> bindings,
                     ServiceDeliver deliver);
  // The client of `realm`, or null when it has none (then calls throw).
  static ServiceClient* of(runtime::Realm& realm);

  // Sends a call through binding `binding` (a name in this Worker's env) and returns the promise
  // of its outcome: the deserialized {ok, value} / {ok: false, error}, or for a call that could
  // not run {ok: false, error: {name: "Error", message}, unknownService}. Inside the realm only;
  // throws a TypeError (and returns empty) for an unknown binding.
  v8::MaybeLocal<v8::Promise> send(const std::string& binding, ServiceCallKind kind,
                                   std::string payload);

 private:
  // What stays valid for tasks still queued on the loop after the realm is gone.
  struct Anchor {
    ServiceClient* client;
  };

  void settle(int32_t id, ServiceOutcome outcome);

  runtime::Realm* realm_ = nullptr;
  std::vector<config::ServiceBinding> bindings_;
  ServiceDeliver deliver_;
  std::shared_ptr<Anchor> anchor_;
  int32_t next_id_ = 1;
  std::map<int32_t, v8::Global<v8::Promise::Resolver>> pending_;
};

}  // namespace edged::bindings::services
