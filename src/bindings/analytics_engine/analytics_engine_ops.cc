#include "edged/bindings/analytics_engine/analytics_engine_ops.h"

#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-primitive.h>

#include "edged/runtime/js_values.h"
#include "edged/util/clock.h"
#include "edged/util/json_escape.h"
#include "point_buffer.h"

namespace edged::bindings::analytics_engine {
namespace {

// The elements of a JS array of strings, bytes and nulls (as 56_analytics_engine.js passes
// them). False with an exception pending when reading one threw.
bool readTexts(v8::Isolate* isolate, v8::Local<v8::Value> value,
               std::vector<std::optional<std::string>>& out) {
  if (!value->IsArray()) return true;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> array = value.As<v8::Array>();
  for (uint32_t i = 0; i < array->Length(); ++i) {
    v8::Local<v8::Value> item;
    if (!array->Get(context, i).ToLocal(&item)) return false;
    if (item->IsNullOrUndefined()) {
      out.emplace_back(std::nullopt);
    } else if (auto bytes = runtime::bufferSourceBytes(item)) {
      out.emplace_back(std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
    } else {
      out.emplace_back(runtime::toUtf8(isolate, item));
    }
  }
  return true;
}

}  // namespace

void opAnalyticsEngineWriteDataPoint(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  if (realm == nullptr) return;
  DataPointInput input;
  if (!readTexts(isolate, info[1], input.indexes) || !readTexts(isolate, info[2], input.blobs)) return;
  if (info[3]->IsArray()) {
    v8::Local<v8::Context> context = isolate->GetCurrentContext();
    v8::Local<v8::Array> doubles = info[3].As<v8::Array>();
    for (uint32_t i = 0; i < doubles->Length(); ++i) {
      v8::Local<v8::Value> item;
      if (!doubles->Get(context, i).ToLocal(&item)) return;
      input.doubles.push_back(item->IsNumber() ? item.As<v8::Number>()->Value() : 0);
    }
  }
  DataPointCheck check = makeDataPoint(runtime::toUtf8(isolate, info[0]),
                                       static_cast<int64_t>(clock::nowMs()), std::move(input));
  if (!check.point) return runtime::throwTypeError(isolate, check.error);
  realm->state<PointBuffer>().add(*realm, std::move(*check.point));
}

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  std::vector<std::string> specs;
  for (const config::AnalyticsEngineDataset& dataset : worker.analytics_engine_datasets) {
    std::string name = dataset.dataset && !dataset.dataset->empty() ? *dataset.dataset : dataset.binding;
    specs.push_back(R"({"type":"analytics_engine","name":)" + jsonQuote(dataset.binding) +
                    R"(,"dataset":)" + jsonQuote(name) + "}");
  }
  return specs;
}

}  // namespace edged::bindings::analytics_engine
