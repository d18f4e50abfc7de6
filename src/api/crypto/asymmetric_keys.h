#pragma once
// Helpers over EVP_PKEY shared by the RSA, EC and OKP ops: naming curves both ways, taking the
// public half of a key, building a key from OSSL_PARAMs. Nothing here knows V8.

#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "openssl_types.h"

namespace edged::api::crypto {

// OpenSSL's group name for a WebCrypto curve ("P-256" → "prime256v1"); null when unknown.
const char* opensslGroupName(std::string_view named_curve);
// The WebCrypto name of an EC key's curve ("P-384"), OpenSSL's own name for other curves, or
// empty for a key that is not EC.
std::string namedCurveOf(const EVP_PKEY* pkey);
// The size in bytes of a field element of a WebCrypto curve (32, 48, 66), 0 when unknown.
size_t fieldBytesOfCurve(std::string_view named_curve);
// The same for an EC key's curve; 0 when the key is not EC.
size_t fieldBytesOf(const EVP_PKEY* pkey);

// A new key holding only the public half of `pkey` (through its SubjectPublicKeyInfo).
PkeyPtr publicHalf(EVP_PKEY* pkey);

// A key of type `type` ("EC", "RSA") from `params`, with `selection` (EVP_PKEY_PUBLIC_KEY or
// EVP_PKEY_KEYPAIR); null when OpenSSL refuses the parameters.
PkeyPtr pkeyFromParams(const char* type, int selection, const OSSL_PARAM* params);

}  // namespace edged::api::crypto
