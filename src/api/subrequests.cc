#include "edged/api/subrequests.h"

#include <v8-exception.h>

#include "edged/api/fetch_event.h"
#include "edged/api/worker_events.h"
#include "edged/runtime/js_values.h"

namespace edged::api {
namespace {

struct SubrequestLimits : runtime::RealmState {
  runtime::SubrequestCounter counter;
  runtime::ConnectionGate gate;
};

SubrequestLimits& limitsOf(runtime::Realm& realm) { return realm.state<SubrequestLimits>(); }

}  // namespace

bool countSubrequest(runtime::Realm& realm) {
  SubrequestLimits& limits = limitsOf(realm);
  // No fetch request or worker event open in this realm: nothing counted so far can still
  // matter (what runs outside both never calls endRequestLimits).
  if (openFetchCount(realm) == 0 && openWorkerEventCount(realm) == 0) {
    limits.counter = runtime::SubrequestCounter();
  }
  limits.counter.setLimit(realm.options().subrequest_limit);
  runtime::SubrequestCounter::Verdict verdict = limits.counter.tryCount(realm.currentRequestId());
  if (verdict == runtime::SubrequestCounter::Verdict::kAllowed) return true;
  if (verdict == runtime::SubrequestCounter::Verdict::kFirstRefused &&
      realm.options().metrics != nullptr) {
    realm.options().metrics->recordLimitExceeded(metrics::LimitKind::kSubrequests);
  }
  v8::Isolate* isolate = realm.isolate();
  isolate->ThrowException(
      v8::Exception::Error(runtime::newString(isolate, kTooManySubrequestsMessage)));
  return false;
}

runtime::ConnectionGate& connectionGate(runtime::Realm& realm) { return limitsOf(realm).gate; }

void endRequestLimits(runtime::Realm& realm, const std::string& request_id) {
  SubrequestLimits& limits = limitsOf(realm);
  limits.counter.forget(request_id);
  limits.gate.forget(request_id);
}

}  // namespace edged::api
