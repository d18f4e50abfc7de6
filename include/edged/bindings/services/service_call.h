#pragma once
// One call through a service binding (wrangler.jsonc `services`): env.SVC.fetch() or an RPC
// method, on its way from the calling Worker's isolate to the current version of the target
// Worker on the same thread, and its outcome on the way back. What crosses is bytes
// (V8-serialized values, api/serialization.h), never V8 objects: the two isolates share nothing.

#include <functional>
#include <optional>
#include <string>

namespace edged::bindings::services {

enum class ServiceCallKind { kFetch, kRpc };

// What comes back: the serialized {ok, value} / {ok: false, error} the target's JavaScript
// produced, or why the target never ran it.
struct ServiceOutcome {
  std::string serialized;        // empty when `error` is set
  std::string error;             // the call could not run (no such Worker, it failed to start, …)
  bool unknown_service = false;  // no Worker by the binding's `service` name is served

  static ServiceOutcome failed(std::string message) { return {{}, std::move(message), false}; }
};

struct ServiceCall {
  std::string caller;                     // the calling Worker's name (error texts)
  std::string binding;                    // the binding's name in the caller's env (error texts)
  std::string service;                    // the target Worker's name
  std::optional<std::string> entrypoint;  // a named export; none: the default export
  std::string props_json = "{}";          // the binding's `props`, the target's ctx.props
  ServiceCallKind kind = ServiceCallKind::kRpc;
  std::string payload;  // the serialized request ({method, url, headers, body} or {path, args})
  // Runs once, on the serving thread, with the outcome. Never from inside the caller's
  // JavaScript: the caller's side posts it to its loop.
  std::function<void(ServiceOutcome)> reply;
};

// Runs a call in the current version of its target Worker; provided by the serving thread
// (server/thread_runtime), called from a loop task, never inside a V8 call.
using ServiceDeliver = std::function<void(ServiceCall)>;

}  // namespace edged::bindings::services
