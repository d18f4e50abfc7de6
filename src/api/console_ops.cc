#include "edged/api/basic_ops.h"
#include "edged/runtime/js_values.h"
#include "edged/runtime/realm.h"
#include "edged/util/log.h"

namespace edged::api {

void opLog(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  std::string level = runtime::toUtf8(isolate, info[0]);
  std::string text = runtime::toUtf8(isolate, info[1]);
  spdlog::level::level_enum spd = spdlog::level::info;
  if (level == "error") spd = spdlog::level::err;
  else if (level == "warn") spd = spdlog::level::warn;
  else if (level == "debug") spd = spdlog::level::debug;
  log::workerLine(spd, realm ? realm->workerName() : std::string_view("runtime"),
                  realm ? realm->currentRequestId() : std::string_view(), text);
}

}  // namespace edged::api
