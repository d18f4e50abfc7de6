// Ed25519 (RFC 8032) and X25519 (RFC 7748) keys: raw 32-byte keys, signatures, key agreement.
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <string>
#include <vector>

#include "crypto_errors.h"
#include "edged/api/crypto/crypto_ops.h"
#include "op_args.h"

namespace edged::api {
namespace {

using crypto::AsymmetricKey;
using crypto::PkeyPtr;

constexpr size_t kKeyBytes = 32;

}  // namespace

void opCryptoOkpImportRaw(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  std::string kind = crypto::stringArg(info, 0);
  auto bytes = crypto::bytesArg(info, 1, "cryptoOkpImportRaw");
  if (!bytes) return;
  bool is_private = info[2]->BooleanValue(isolate);
  int type = kind == "X25519" ? EVP_PKEY_X25519 : EVP_PKEY_ED25519;
  PkeyPtr pkey(is_private
                   ? EVP_PKEY_new_raw_private_key(type, nullptr, bytes->data(), bytes->size())
                   : EVP_PKEY_new_raw_public_key(type, nullptr, bytes->data(), bytes->size()));
  if (!pkey) {
    return crypto::throwDomException(isolate, "DataError", "Invalid " + kind + " key data.");
  }
  crypto::returnHandle(info, AsymmetricKey{std::move(pkey), is_private});
}

void opCryptoOkpExportRaw(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoOkpExportRaw");
  if (key == nullptr) return;
  bool want_private = info[1]->BooleanValue(isolate);
  uint8_t raw[kKeyBytes];
  size_t size = sizeof raw;
  int ok = want_private ? EVP_PKEY_get_raw_private_key(key->pkey.get(), raw, &size)
                        : EVP_PKEY_get_raw_public_key(key->pkey.get(), raw, &size);
  if (ok != 1 || size != kKeyBytes) return crypto::throwInternalError(isolate, "raw OKP export");
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, {raw, size}));
  OPENSSL_cleanse(raw, sizeof raw);
}

void opCryptoEd25519Sign(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoEd25519Sign");
  if (key == nullptr) return;
  auto data = crypto::bytesArg(info, 1, "cryptoEd25519Sign");
  if (!data) return;
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  uint8_t signature[64];
  size_t size = sizeof signature;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key->pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), signature, &size, data->data(), data->size()) != 1) {
    return crypto::throwInternalError(isolate, "Ed25519 sign");
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, {signature, size}));
}

void opCryptoEd25519Verify(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoEd25519Verify");
  if (key == nullptr) return;
  auto signature = crypto::bytesArg(info, 1, "cryptoEd25519Verify");
  if (!signature) return;
  auto data = crypto::bytesArg(info, 2, "cryptoEd25519Verify");
  if (!data) return;
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  bool ok = ctx &&
            EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key->pkey.get()) == 1 &&
            EVP_DigestVerify(ctx.get(), signature->data(), signature->size(), data->data(),
                             data->size()) == 1;
  info.GetReturnValue().Set(ok);
}

void opCryptoX25519Derive(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  auto* own = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoX25519Derive");
  if (own == nullptr) return;
  auto* peer = crypto::handleArg<AsymmetricKey>(info, 1, "cryptoX25519Derive");
  if (peer == nullptr) return;
  crypto::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own->pkey.get(), nullptr));
  uint8_t secret[kKeyBytes] = {0};
  size_t size = sizeof secret;
  // OpenSSL refuses an all-zero result (RFC 7748 §6.1: a small-order peer point); so do we.
  bool ok = ctx && EVP_PKEY_derive_init(ctx.get()) == 1 &&
            EVP_PKEY_derive_set_peer(ctx.get(), peer->pkey.get()) == 1 &&
            EVP_PKEY_derive(ctx.get(), secret, &size) == 1 && size == kKeyBytes;
  uint8_t any = 0;
  for (uint8_t b : secret) any |= b;
  if (ok && any != 0) {
    info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), {secret, size}));
  }
  OPENSSL_cleanse(secret, sizeof secret);
}

}  // namespace edged::api
