// Secret keys (AES, HMAC, PBKDF2, HKDF material) and the MAC and KDFs that use them:
// HMAC (RFC 2104), PBKDF2 (RFC 8018 §5.2), HKDF (RFC 5869).
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>

#include <vector>

#include "crypto_errors.h"
#include "edged/api/crypto/crypto_ops.h"
#include "op_args.h"

namespace edged::api {

using crypto::OpensslErrorScope;
using crypto::SecretKey;

void opCryptoSecretImport(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto bytes = crypto::bytesArg(info, 0, "cryptoSecretImport");
  if (!bytes) return;
  crypto::returnHandle(info, SecretKey(std::vector<uint8_t>(bytes->begin(), bytes->end())));
}

void opCryptoSecretExport(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto* key = crypto::handleArg<SecretKey>(info, 0, "cryptoSecretExport");
  if (key == nullptr) return;
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), key->bytes));
}

namespace {

// The HMAC context of `key` for `md`, keyed once and kept on the key; null when OpenSSL failed.
EVP_MAC_CTX* keyedHmac(const EVP_MD* md, SecretKey& key) {
  if (key.hmac && key.hmac_md == md) return key.hmac.get();
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  crypto::MacCtxPtr ctx(mac ? EVP_MAC_CTX_new(mac) : nullptr);
  EVP_MAC_free(mac);
  static const uint8_t kEmptyKey = 0;
  const uint8_t* key_data = key.bytes.empty() ? &kEmptyKey : key.bytes.data();
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                       const_cast<char*>(EVP_MD_get0_name(md)), 0),
      OSSL_PARAM_construct_end(),
  };
  if (!ctx || EVP_MAC_init(ctx.get(), key_data, key.bytes.size(), params) != 1) return nullptr;
  key.hmac = std::move(ctx);
  key.hmac_md = md;
  return key.hmac.get();
}

// HMAC of `data` under `key` into `out`; false when OpenSSL failed.
bool computeHmac(const EVP_MD* md, SecretKey& key, std::span<const uint8_t> data,
                 uint8_t (&out)[EVP_MAX_MD_SIZE], unsigned int* size) {
  EVP_MAC_CTX* keyed = keyedHmac(md, key);
  crypto::MacCtxPtr ctx(keyed ? EVP_MAC_CTX_dup(keyed) : nullptr);
  size_t written = 0;
  if (!ctx || EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), out, &written, sizeof out) != 1) {
    return false;
  }
  *size = static_cast<unsigned int>(written);
  return true;
}

}  // namespace

void opCryptoHmacSign(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  const EVP_MD* md = crypto::digestArg(info, 0, "cryptoHmacSign");
  if (md == nullptr) return;
  auto* key = crypto::handleArg<SecretKey>(info, 1, "cryptoHmacSign");
  if (key == nullptr) return;
  auto data = crypto::bytesArg(info, 2, "cryptoHmacSign");
  if (!data) return;
  uint8_t out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!computeHmac(md, *key, *data, out, &size)) {
    return crypto::throwInternalError(info.GetIsolate(), "HMAC");
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), {out, size}));
}

void opCryptoHmacVerify(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  const EVP_MD* md = crypto::digestArg(info, 0, "cryptoHmacVerify");
  if (md == nullptr) return;
  auto* key = crypto::handleArg<SecretKey>(info, 1, "cryptoHmacVerify");
  if (key == nullptr) return;
  auto signature = crypto::bytesArg(info, 2, "cryptoHmacVerify");
  if (!signature) return;
  auto data = crypto::bytesArg(info, 3, "cryptoHmacVerify");
  if (!data) return;
  uint8_t out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!computeHmac(md, *key, *data, out, &size)) {
    return crypto::throwInternalError(info.GetIsolate(), "HMAC");
  }
  bool ok = signature->size() == size && CRYPTO_memcmp(out, signature->data(), size) == 0;
  info.GetReturnValue().Set(ok);
}

void opCryptoPbkdf2(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
  const EVP_MD* md = crypto::digestArg(info, 0, "cryptoPbkdf2");
  if (md == nullptr) return;
  auto* key = crypto::handleArg<SecretKey>(info, 1, "cryptoPbkdf2");
  if (key == nullptr) return;
  auto salt = crypto::bytesArg(info, 2, "cryptoPbkdf2");
  if (!salt) return;
  uint32_t iterations = info[3]->Uint32Value(context).FromMaybe(0);
  uint32_t length = info[4]->Uint32Value(context).FromMaybe(0);
  std::vector<uint8_t> out(length);
  const char* password = key->bytes.empty() ? "" : reinterpret_cast<const char*>(key->bytes.data());
  if (PKCS5_PBKDF2_HMAC(password, static_cast<int>(key->bytes.size()), salt->data(),
                        static_cast<int>(salt->size()), static_cast<int>(iterations), md,
                        static_cast<int>(length), out.data()) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "PKCS5_PBKDF2_HMAC");
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), out));
}

void opCryptoHkdf(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
  const EVP_MD* md = crypto::digestArg(info, 0, "cryptoHkdf");
  if (md == nullptr) return;
  auto* key = crypto::handleArg<SecretKey>(info, 1, "cryptoHkdf");
  if (key == nullptr) return;
  auto salt = crypto::bytesArg(info, 2, "cryptoHkdf");
  if (!salt) return;
  auto hkdf_info = crypto::bytesArg(info, 3, "cryptoHkdf");
  if (!hkdf_info) return;
  uint32_t length = info[4]->Uint32Value(context).FromMaybe(0);
  // RFC 5869 §2.3: L <= 255 * HashLen.
  if (length > 255u * static_cast<uint32_t>(EVP_MD_get_size(md))) return;

  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* ctx = kdf ? EVP_KDF_CTX_new(kdf) : nullptr;
  EVP_KDF_free(kdf);
  std::vector<uint8_t> out(length);
  // An empty IKM is legal (RFC 5869 puts no lower bound on it); OpenSSL wants a non-null one.
  static const uint8_t kEmpty = 0;
  auto* ikm = const_cast<uint8_t*>(key->bytes.empty() ? &kEmpty : key->bytes.data());
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                       const_cast<char*>(EVP_MD_get0_name(md)), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm, key->bytes.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<uint8_t*>(salt->data()),
                                        salt->size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                        const_cast<uint8_t*>(hkdf_info->data()), hkdf_info->size()),
      OSSL_PARAM_construct_end(),
  };
  bool ok = ctx != nullptr && EVP_KDF_derive(ctx, out.data(), out.size(), params) == 1;
  EVP_KDF_CTX_free(ctx);
  if (!ok) return crypto::throwInternalError(info.GetIsolate(), "HKDF");
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), out));
}

}  // namespace edged::api
