// node:crypto's generatePrime and checkPrime on OpenSSL's BN_generate_prime_ex and
// BN_check_prime. runtime-js/api/73_node_crypto_prime.js validates the options with Node's
// messages and allows only the `add`/`rem` pairs workerd allows (other pairs can send OpenSSL's
// search into an endless loop).
#include <openssl/bn.h>

#include "crypto_errors.h"
#include "edged/api/crypto/node_crypto_key_ops.h"
#include "node_openssl_error.h"
#include "op_args.h"
#include "prime_search.h"

namespace edged::api {

using crypto::BignumPtr;
using crypto::OpensslErrorScope;

namespace {

// The largest standard DH group (modp18): a size beyond it has no use a Worker could finish.
constexpr int kMaxPrimeBits = 8192;

// Argument `i` as a bignum, or null (no error) when it is undefined.
bool optionalBignumArg(const crypto::OpInfo& info, int i, BignumPtr& out) {
  if (info[i]->IsUndefined()) return true;
  auto bytes = crypto::bytesArg(info, i, "cryptoNodeGeneratePrime");
  if (!bytes) return false;
  out.reset(BN_bin2bn(bytes->data(), static_cast<int>(bytes->size()), nullptr));
  if (!out) crypto::throwInternalError(info.GetIsolate(), "BN_bin2bn");
  return static_cast<bool>(out);
}

}  // namespace

void opCryptoNodeGeneratePrime(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  int bits = info[0]->Int32Value(isolate->GetCurrentContext()).FromMaybe(0);
  bool safe = info[1]->BooleanValue(isolate);
  BignumPtr add, rem;
  if (!optionalBignumArg(info, 2, add) || !optionalBignumArg(info, 3, rem)) return;
  BignumPtr prime;
  // OpenSSL refuses sizes below 2 bits (and safe primes below 3).
  if (bits <= kMaxPrimeBits) prime = crypto::searchPrime(bits, safe, add.get(), rem.get());
  if (!prime) return crypto::throwPlainError(isolate, false, "Error while generating prime");
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, crypto::bignumBytes(prime.get())));
}

void opCryptoNodeCheckPrime(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto candidate = crypto::bytesArg(info, 0, "cryptoNodeCheckPrime");
  if (!candidate) return;
  BignumPtr n(BN_bin2bn(candidate->data(), static_cast<int>(candidate->size()), nullptr));
  int prime = n ? crypto::checkPrime(n.get()) : -1;
  if (prime < 0)
    return crypto::throwPlainError(info.GetIsolate(), false, "Error while checking prime");
  info.GetReturnValue().Set(prime == 1);
}

}  // namespace edged::api
