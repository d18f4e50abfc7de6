#pragma once
// Workers' per-invocation limits on what a Worker sends out, applied to a realm: the subrequest
// count (wrangler's `limits.subrequests`, RealmOptions::subrequest_limit) and the six connections
// that may wait for response headers at once (runtime/subrequest_limits.h).
//
// What edged counts as one subrequest, as Cloudflare does: every fetch() hop to an origin (each
// redirect followed is one more), every Cache API call (match, put, delete), every operation
// on a KV, D1, R2, Queue or Workflow binding, every Durable Object stub call, and, for service
// bindings, every call to another Worker. Not counted: Durable Object storage (local to the
// object), Analytics Engine writes and static assets (free on Cloudflare too).

#include <string>

#include "edged/runtime/realm.h"
#include "edged/runtime/subrequest_limits.h"

namespace edged::api {

// Workers' message when an invocation goes over its subrequest limit (an Error, not a TypeError).
inline constexpr const char* kTooManySubrequestsMessage =
    "Too many subrequests by single Worker invocation. To configure this limit, refer to "
    "https://developers.cloudflare.com/workers/wrangler/configuration/#limits";

// Counts one subrequest for the request JavaScript runs for now (Realm::currentRequestId()).
// Over the limit it throws Workers' Error into the isolate, counts the breach in the Worker's
// metrics and returns false: the caller returns at once without starting anything. The one
// function every kind of subrequest goes through (service bindings: call it in the op that
// starts the call).
bool countSubrequest(runtime::Realm& realm);

// The realm's gate of simultaneous outgoing connections: fetch() waits on it for a slot, and a
// socket API (connect()) should too.
runtime::ConnectionGate& connectionGate(runtime::Realm& realm);

// Request `request_id` ended: its subrequest count and its connection slots go.
void endRequestLimits(runtime::Realm& realm, const std::string& request_id);

}  // namespace edged::api
