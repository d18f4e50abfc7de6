#pragma once
// The wrapper the op table (native_ops.cc) puts around each binding operation, so that counting
// lives in one place instead of in every op: one relaxed atomic add in the Worker's metrics
// (`edged_binding_operations_total`) and, for the operations Cloudflare counts as subrequests,
// the request's subrequest limit (api/subrequests.h), before the op itself runs. Each
// instantiation is its own function, listed in the table like any op (the snapshot's external
// references stay identical).

#include <v8-function-callback.h>

#include "edged/api/subrequests.h"
#include "edged/runtime/realm.h"
#include "edged/util/metrics.h"

namespace edged::ops {

enum class Subrequest { kNo, kYes };

template <metrics::BindingKind kKind, Subrequest kSubrequest, v8::FunctionCallback kOp>
void bindingOp(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (runtime::Realm* realm = runtime::Realm::from(info.GetIsolate()); realm != nullptr) {
    metrics::WorkerMetrics* counters = realm->options().metrics;
    if (counters != nullptr) counters->recordBindingOp(kKind);
    if (kSubrequest == Subrequest::kYes && !api::countSubrequest(*realm)) return;
  }
  kOp(info);
}

}  // namespace edged::ops
