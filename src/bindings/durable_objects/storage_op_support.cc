#include "storage_op_support.h"

#include <fmt/format.h>

#include "edged/bindings/durable_objects/storage_lookup.h"
#include "edged/runtime/js_values.h"
#include "edged/util/log.h"

namespace edged::bindings::durable_objects {

ObjectStorage* storageFor(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  ObjectStorage* storage = nullptr;
  if (realm != nullptr && info[0]->IsInt32()) {
    storage = findObjectStorage(*realm, info[0].As<v8::Int32>()->Value());
  }
  if (storage == nullptr) {
    throwStorageError(isolate,
                      internalError("no storage for Durable Object handle " +
                                    runtime::toUtf8(isolate, info[0])));
  }
  return storage;
}

void throwStorageError(v8::Isolate* isolate, const StorageError& error) {
  switch (error.kind) {
    case StorageError::Kind::kTypeError:
      return runtime::throwTypeError(isolate, error.message);
    case StorageError::Kind::kRangeError:
      return runtime::throwRangeError(isolate, error.message);
    case StorageError::Kind::kError:
      isolate->ThrowException(v8::Exception::Error(runtime::newString(isolate, error.message)));
      return;
    case StorageError::Kind::kInternal:
      break;
  }
  std::string reference = log::newReferenceId();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  log::workerLine(spdlog::level::err, realm != nullptr ? realm->workerName() : "",
                  realm != nullptr ? realm->currentRequestId() : "",
                  fmt::format("internal error; reference = {}: Durable Object storage: {}",
                              reference, error.message));
  isolate->ThrowException(v8::Exception::Error(
      runtime::newString(isolate, "internal error; reference = " + reference)));
}

}  // namespace edged::bindings::durable_objects
