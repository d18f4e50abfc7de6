#include <v8-container.h>
#include <v8-primitive.h>

#include <span>

#include "edged/api/bundle_files_ops.h"
#include "edged/runtime/js_values.h"
#include "edged/runtime/module_registry.h"
#include "edged/runtime/realm.h"

namespace edged::api {
namespace {

// The bundle of the Worker this isolate runs; null in the snapshot builder (no Worker yet).
const runtime::WorkerBundle* currentBundle(v8::Isolate* isolate) {
  return runtime::Realm::from(isolate)->state<runtime::ModuleRegistry>().bundle();
}

}  // namespace

void opBundleFileNames(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  const runtime::WorkerBundle* bundle = currentBundle(isolate);
  v8::Local<v8::Array> names = v8::Array::New(isolate);
  if (bundle != nullptr) {
    uint32_t index = 0;
    for (const auto& module : bundle->modules) {
      if (names->Set(context, index++, runtime::newString(isolate, module.name)).IsNothing()) {
        return;
      }
    }
  }
  info.GetReturnValue().Set(names);
}

void opBundleFileRead(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const runtime::WorkerBundle* bundle = currentBundle(isolate);
  if (bundle == nullptr) return;
  const runtime::BundleModule* module = bundle->find(runtime::toUtf8(isolate, info[0]));
  if (module == nullptr) return;
  auto bytes = std::span(reinterpret_cast<const uint8_t*>(module->content.data()),
                         module->content.size());
  info.GetReturnValue().Set(runtime::newUint8Array(isolate, bytes));
}

}  // namespace edged::api
