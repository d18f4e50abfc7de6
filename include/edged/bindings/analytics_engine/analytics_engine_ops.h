#pragma once
// The native half of env.<analytics_engine_datasets binding> (JS half:
// runtime-js/api/59_analytics_engine.js), and the env descriptors of those bindings.

#include <v8-function-callback.h>

#include <string>
#include <vector>

#include "edged/config/worker_config.h"

namespace edged::bindings::analytics_engine {

// (dataset, indexes[], blobs[], doubles[]): JS has converted every element (string,
// Uint8Array, null for an absent one; numbers). Checks Cloudflare's limits (throwing workerd's
// TypeError) and buffers the point; it reaches disk after the current turn, off the loop.
void opAnalyticsEngineWriteDataPoint(const v8::FunctionCallbackInfo<v8::Value>& info);

// {"type":"analytics_engine","name":<binding>,"dataset":<dataset, default the binding>}.
std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

}  // namespace edged::bindings::analytics_engine
