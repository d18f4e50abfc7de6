#pragma once
// How node:crypto's key, signature and encryption ops fail: like Node, an OpenSSL failure the
// Worker caused (a malformed key, a wrong passphrase, data too long for the key) reaches JS as
// an Error whose message is OpenSSL's own line ("error:1E08010C:DECODER routines::unsupported")
// with Node's `code` (ERR_OSSL_<REASON>), `library` and `reason`. Libraries match on the code.

#include <v8-isolate.h>

#include <string_view>

namespace edged::api::crypto {

// Throws the Node-style error for the oldest queued OpenSSL error, or a plain Error with
// `fallback` when OpenSSL queued none. Empties the queue.
void throwNodeOpensslError(v8::Isolate* isolate, std::string_view fallback);

// Throws `new Error(message)`, or `new RangeError(message)` when `range_error`, with no `code`:
// workerd's own failures of DiffieHellman and generatePrime carry none.
void throwPlainError(v8::Isolate* isolate, bool range_error, std::string_view message);

// Throws `new Base(message)` with `code` set, Base being TypeError when `type_error`, else Error.
void throwNodeError(v8::Isolate* isolate, bool type_error, std::string_view code,
                    std::string_view message);

}  // namespace edged::api::crypto
