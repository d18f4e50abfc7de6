#include "crypto_errors.h"

#include <openssl/err.h>
#include <v8-context.h>
#include <v8-exception.h>
#include <v8-function.h>
#include <v8-object.h>

#include <string>

#include "edged/runtime/js_values.h"
#include "edged/runtime/realm.h"
#include "edged/util/log.h"

namespace edged::api::crypto {
namespace {

// Every queued OpenSSL error as "lib:reason; lib:reason", oldest first; empties the queue.
std::string drainOpensslErrors() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    char line[256];
    ERR_error_string_n(code, line, sizeof line);
    if (!out.empty()) out += "; ";
    out += line;
  }
  return out.empty() ? "no OpenSSL error queued" : out;
}

}  // namespace

void throwDomException(v8::Isolate* isolate, std::string_view name, std::string_view message) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::String> js_message = runtime::newString(isolate, message);
  v8::Local<v8::String> js_name = runtime::newString(isolate, name);
  runtime::Realm* realm = runtime::Realm::from(isolate);
  v8::Local<v8::Value> ctor;
  if (realm != nullptr &&
      runtime::getProperty(context, realm->internals(), "DOMException").ToLocal(&ctor) &&
      ctor->IsFunction()) {
    v8::Local<v8::Value> args[] = {js_message, js_name};
    v8::Local<v8::Object> error;
    if (ctor.As<v8::Function>()->NewInstance(context, 2, args).ToLocal(&error)) {
      isolate->ThrowException(error);
    }
    return;  // NewInstance threw: that exception stays pending.
  }
  v8::Local<v8::Value> error = v8::Exception::Error(js_message);
  if (error.As<v8::Object>()
          ->Set(context, runtime::newString(isolate, "name"), js_name)
          .IsNothing()) {
    return;
  }
  isolate->ThrowException(error);
}

void throwInternalError(v8::Isolate* isolate, std::string_view what) {
  std::string reference = log::newReferenceId();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  std::string line = "WebCrypto internal error (reference = " + reference +
                     "): " + std::string(what) + ": " + drainOpensslErrors();
  if (realm != nullptr) {
    log::workerLine(spdlog::level::err, realm->workerName(), realm->currentRequestId(), line);
  } else {
    log::error(line);
  }
  throwDomException(isolate, "OperationError", "internal error; reference = " + reference);
}

OpensslErrorScope::OpensslErrorScope() { ERR_clear_error(); }
OpensslErrorScope::~OpensslErrorScope() { ERR_clear_error(); }

}  // namespace edged::api::crypto
