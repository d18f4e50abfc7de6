#include <v8-container.h>
#include <v8-promise.h>

#include "edged/api/basic_ops.h"
#include "edged/runtime/js_values.h"
#include "edged/runtime/realm.h"
#include "edged/runtime/request_trace.h"
#include "edged/util/log.h"

namespace edged::api {

void opLog(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  std::string level = runtime::toUtf8(isolate, info[0]);
  // console.error(error) prints its stack: shown at original positions like an uncaught one.
  std::string text = runtime::toUtf8(isolate, info[1]);
  if (realm != nullptr) text = realm->withOriginalPositions(std::move(text));
  spdlog::level::level_enum spd = spdlog::level::info;
  if (level == "error") spd = spdlog::level::err;
  else if (level == "warn") spd = spdlog::level::warn;
  else if (level == "debug") spd = spdlog::level::debug;
  log::workerLine(spd, realm ? realm->workerName() : std::string_view("runtime"),
                  realm ? realm->currentRequestId() : std::string_view(), text);
  // The arguments themselves (info[2], an array from runtime-js console) go to a live tail.
  if (realm != nullptr) runtime::traceConsole(*realm, level, text, info[2]);
}

void opPromiseState(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsPromise()) return runtime::throwTypeError(isolate, "Expected a Promise.");
  auto promise = info[0].As<v8::Promise>();
  int state = 0;
  v8::Local<v8::Value> result = v8::Undefined(isolate);
  switch (promise->State()) {
    case v8::Promise::kPending: break;
    case v8::Promise::kFulfilled: state = 1; result = promise->Result(); break;
    case v8::Promise::kRejected: state = 2; result = promise->Result(); break;
  }
  v8::Local<v8::Value> pair[] = {v8::Integer::New(isolate, state), result};
  info.GetReturnValue().Set(v8::Array::New(isolate, pair, 2));
}

}  // namespace edged::api
