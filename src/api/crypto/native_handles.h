#pragma once
// The native objects behind runtime-js's CryptoKey and DigestStream: key material (secret bytes
// or an EVP_PKEY) and running digests. JS holds each one through an opaque handle object whose
// internal field points at the entry; the entry holds the handle weakly, so material a Worker
// drops is freed at the next garbage collection (and secret bytes are zeroed first). Handles
// live only in runtime-js's private fields: Worker code never sees them.

#include <openssl/crypto.h>
#include <v8-local-handle.h>
#include <v8-object.h>

#include <cstdint>
#include <variant>
#include <vector>

#include "openssl_types.h"

namespace edged::api::crypto {

// Raw key bytes of an AES, HMAC, PBKDF2 or HKDF key; zeroed when freed.
struct SecretKey {
  std::vector<uint8_t> bytes;
  // An HMAC context keyed with `bytes` for `hmac_md`, made on first use, so that each signature
  // copies it instead of hashing the key into the pads again (about half the cost of a short
  // message).
  MacCtxPtr hmac;
  const EVP_MD* hmac_md = nullptr;

  explicit SecretKey(std::vector<uint8_t> b) : bytes(std::move(b)) {}
  SecretKey(SecretKey&&) = default;
  SecretKey& operator=(SecretKey&&) = default;
  ~SecretKey() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

// One half of an RSA, EC or OKP key pair. A public key's EVP_PKEY holds no private part.
struct AsymmetricKey {
  PkeyPtr pkey;
  bool is_private = false;
};

// A digest being fed by a DigestStream; `finished` once its value was taken.
struct DigestContext {
  MdCtxPtr ctx;
  bool finished = false;
};

// A running HMAC of node:crypto's createHmac; `finished` once its value was taken.
struct HmacContext {
  MacCtxPtr ctx;
  bool finished = false;
};

// A running cipher of node:crypto's createCipheriv/createDecipheriv; `finished` after final().
struct CipherContext {
  CipherCtxPtr ctx;
  bool encrypt = true;
  bool finished = false;
};

// node:crypto's DiffieHellman: the group (prime `p`, generator `g`), the keys once generated or
// set, and DH_check's verdict once asked (it tests two large numbers for primality).
struct DiffieHellmanState {
  BignumPtr p;
  BignumPtr g;
  BignumPtr pub;
  BignumPtr priv;
  int verify_error = -1;
};

using NativeObject = std::variant<SecretKey, AsymmetricKey, DigestContext, HmacContext,
                                  CipherContext, DiffieHellmanState>;

// A new handle object owning `object`; empty when V8 threw.
v8::MaybeLocal<v8::Object> wrapNative(v8::Isolate* isolate, NativeObject object);

// The live object behind `value`, or null when `value` is not a handle of this realm.
NativeObject* findNative(v8::Isolate* isolate, v8::Local<v8::Value> value);

template <typename T>
T* unwrapNative(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  NativeObject* object = findNative(isolate, value);
  return object == nullptr ? nullptr : std::get_if<T>(object);
}

}  // namespace edged::api::crypto
