// RSA keys: JWK members (RFC 7518 §6.3), RSASSA-PKCS1-v1_5 and RSASSA-PSS signatures
// (RFC 8017 §8), RSAES-OAEP encryption (RFC 8017 §7.1) with MGF1 over the same hash.
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <v8-container.h>
#include <v8-primitive.h>

#include <vector>

#include "asymmetric_keys.h"
#include "crypto_errors.h"
#include "edged/api/crypto/crypto_ops.h"
#include "edged/runtime/js_values.h"
#include "op_args.h"

namespace edged::api {
namespace {

using crypto::AsymmetricKey;
using crypto::BignumPtr;
using crypto::PkeyPtr;

// JWK member order, matching the OpenSSL parameter each one sets.
constexpr const char* kRsaParams[] = {
    OSSL_PKEY_PARAM_RSA_N,         OSSL_PKEY_PARAM_RSA_E,
    OSSL_PKEY_PARAM_RSA_D,         OSSL_PKEY_PARAM_RSA_FACTOR1,
    OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
    OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};
constexpr int kMembers = 8;

// Sets up `ctx` (from EVP_DigestSignInit / VerifyInit) for PSS when `salt_length` >= 0;
// PKCS #1 v1.5 is OpenSSL's default padding for RSA keys.
bool setSignaturePadding(EVP_PKEY_CTX* ctx, const EVP_MD* md, int salt_length) {
  if (salt_length < 0) return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1;
  return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, salt_length) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) == 1;
}

}  // namespace

void opCryptoRsaImportJwk(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  crypto::ParamBldPtr build(OSSL_PARAM_BLD_new());
  std::vector<BignumPtr> numbers;
  int present = 0;
  for (int i = 0; i < kMembers; ++i) {
    if (info[i]->IsUndefined()) continue;
    auto bytes = crypto::bytesArg(info, i, "cryptoRsaImportJwk");
    if (!bytes) return;
    numbers.emplace_back(BN_bin2bn(bytes->data(), static_cast<int>(bytes->size()), nullptr));
    if (!build || !numbers.back() ||
        OSSL_PARAM_BLD_push_BN(build.get(), kRsaParams[i], numbers.back().get()) != 1) {
      return crypto::throwInternalError(isolate, "RSA JWK parameters");
    }
    ++present;
  }
  bool is_private = !info[2]->IsUndefined();
  crypto::ParamsPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  PkeyPtr pkey = crypto::pkeyFromParams("RSA", is_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                                        params.get());
  if (pkey) {
    crypto::PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    // With the primes present, check they multiply to n and match d (RFC 8017 §3.2).
    int ok = !check                ? 0
             : present == kMembers ? EVP_PKEY_pairwise_check(check.get())
                                   : EVP_PKEY_public_check(check.get());
    if (ok != 1) pkey.reset();
  }
  if (!pkey) {
    return crypto::throwDomException(isolate, "DataError", "Invalid RSA key in JSON Web Key.");
  }
  crypto::returnHandle(info, AsymmetricKey{std::move(pkey), is_private});
}

void opCryptoRsaExportJwk(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoRsaExportJwk");
  if (key == nullptr) return;
  int count = key->is_private ? kMembers : 2;
  std::vector<v8::Local<v8::Value>> members;
  for (int i = 0; i < count; ++i) {
    BIGNUM* n = nullptr;
    if (EVP_PKEY_get_bn_param(key->pkey.get(), kRsaParams[i], &n) != 1) {
      members.push_back(v8::Undefined(isolate));  // a private key imported without its primes
      continue;
    }
    BignumPtr owned(n);
    std::vector<uint8_t> bytes = crypto::bignumBytes(n);
    members.push_back(runtime::newUint8Array(isolate, bytes));
    OPENSSL_cleanse(bytes.data(), bytes.size());
  }
  info.GetReturnValue().Set(v8::Array::New(isolate, members.data(), members.size()));
}

void opCryptoRsaSign(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoRsaSign");
  if (key == nullptr) return;
  const EVP_MD* md = crypto::digestArg(info, 1, "cryptoRsaSign");
  if (md == nullptr) return;
  int salt_length = info[2]->Int32Value(isolate->GetCurrentContext()).FromMaybe(-1);
  auto data = crypto::bytesArg(info, 3, "cryptoRsaSign");
  if (!data) return;
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  size_t size = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key->pkey.get()) != 1 ||
      !setSignaturePadding(pctx, md, salt_length) ||
      EVP_DigestSign(ctx.get(), nullptr, &size, data->data(), data->size()) != 1) {
    return crypto::throwInternalError(isolate, "RSA sign init");
  }
  std::vector<uint8_t> signature(size);
  if (EVP_DigestSign(ctx.get(), signature.data(), &size, data->data(), data->size()) != 1) {
    return crypto::throwInternalError(isolate, "RSA sign");
  }
  signature.resize(size);
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, signature));
}

void opCryptoRsaVerify(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoRsaVerify");
  if (key == nullptr) return;
  const EVP_MD* md = crypto::digestArg(info, 1, "cryptoRsaVerify");
  if (md == nullptr) return;
  int salt_length = info[2]->Int32Value(isolate->GetCurrentContext()).FromMaybe(-1);
  auto signature = crypto::bytesArg(info, 3, "cryptoRsaVerify");
  if (!signature) return;
  auto data = crypto::bytesArg(info, 4, "cryptoRsaVerify");
  if (!data) return;
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key->pkey.get()) != 1 ||
      !setSignaturePadding(pctx, md, salt_length)) {
    return crypto::throwInternalError(isolate, "RSA verify init");
  }
  // 1 is a valid signature; 0 and negative values (a malformed one) are both "not valid".
  bool ok = EVP_DigestVerify(ctx.get(), signature->data(), signature->size(), data->data(),
                             data->size()) == 1;
  info.GetReturnValue().Set(ok);
}

void opCryptoRsaOaep(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  bool encrypt = info[0]->BooleanValue(isolate);
  auto* key = crypto::handleArg<AsymmetricKey>(info, 1, "cryptoRsaOaep");
  if (key == nullptr) return;
  const EVP_MD* md = crypto::digestArg(info, 2, "cryptoRsaOaep");
  if (md == nullptr) return;
  auto label = crypto::optionalBytesArg(info, 3, "cryptoRsaOaep");
  if (!label) return;
  auto data = crypto::bytesArg(info, 4, "cryptoRsaOaep");
  if (!data) return;
  crypto::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->pkey.get(), nullptr));
  int init = !ctx      ? 0
             : encrypt ? EVP_PKEY_encrypt_init(ctx.get())
                       : EVP_PKEY_decrypt_init(ctx.get());
  if (init != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), md) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md) != 1) {
    return crypto::throwInternalError(isolate, "RSA-OAEP init");
  }
  if (!label->empty()) {
    // set0 takes ownership of an OPENSSL_malloc'ed copy.
    void* copy = OPENSSL_memdup(label->data(), label->size());
    if (copy == nullptr ||
        EVP_PKEY_CTX_set0_rsa_oaep_label(ctx.get(), copy, static_cast<int>(label->size())) != 1) {
      OPENSSL_free(copy);
      return crypto::throwInternalError(isolate, "RSA-OAEP label");
    }
  }
  auto run = [&](uint8_t* out, size_t* size) {
    return encrypt ? EVP_PKEY_encrypt(ctx.get(), out, size, data->data(), data->size())
                   : EVP_PKEY_decrypt(ctx.get(), out, size, data->data(), data->size());
  };
  size_t size = 0;
  if (run(nullptr, &size) != 1) return;  // runtime-js words the failure
  std::vector<uint8_t> out(size);
  if (run(out.data(), &size) != 1) return;
  out.resize(size);
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, out));
  OPENSSL_cleanse(out.data(), out.size());
}

}  // namespace edged::api
