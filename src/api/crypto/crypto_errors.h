#pragma once
// How the WebCrypto ops fail. A Worker's mistake (bad key data, a failed decryption) becomes a
// DOMException with WebCrypto's name and workerd's message; an OpenSSL failure the Worker could
// not have caused is logged with a reference id and reaches JS as an OperationError
// "internal error; reference = <id>" (STYLE.md, "Two kinds of error").

#include <v8-isolate.h>

#include <string_view>

namespace edged::api::crypto {

// Throws `new DOMException(message, name)` using runtime-js's DOMException
// (internals.DOMException); a plain Error named `name` where the runtime has none (unit tests).
void throwDomException(v8::Isolate* isolate, std::string_view name, std::string_view message);

// Logs `what` with OpenSSL's error queue under a new reference id and throws the OperationError
// that carries the id.
void throwInternalError(v8::Isolate* isolate, std::string_view what);

// Clears OpenSSL's per-thread error queue on entry and exit, so one op's leftovers never decide
// another op's error (workerd's webCryptoOperationBegin does the same).
class OpensslErrorScope {
 public:
  OpensslErrorScope();
  ~OpensslErrorScope();
  OpensslErrorScope(const OpensslErrorScope&) = delete;
  OpensslErrorScope& operator=(const OpensslErrorScope&) = delete;
};

}  // namespace edged::api::crypto
