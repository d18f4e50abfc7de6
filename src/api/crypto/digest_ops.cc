// Digests for crypto.subtle.digest and crypto.DigestStream, and timingSafeEqual.
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto_errors.h"
#include "edged/api/crypto/crypto_ops.h"
#include "op_args.h"

namespace edged::api {

using crypto::OpensslErrorScope;

void opCryptoDigest(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  const EVP_MD* md = crypto::digestArg(info, 0, "cryptoDigest");
  if (md == nullptr) return;
  auto data = crypto::bytesArg(info, 1, "cryptoDigest");
  if (!data) return;
  uint8_t out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data->data(), data->size(), out, &size, md, nullptr) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_Digest");
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), {out, size}));
}

void opCryptoDigestCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  const EVP_MD* md = crypto::digestArg(info, 0, "cryptoDigestCreate");
  if (md == nullptr) return;
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_DigestInit_ex");
  }
  crypto::returnHandle(info, crypto::DigestContext{std::move(ctx)});
}

void opCryptoDigestUpdate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* digest = crypto::handleArg<crypto::DigestContext>(info, 0, "cryptoDigestUpdate");
  if (digest == nullptr) return;
  auto data = crypto::bytesArg(info, 1, "cryptoDigestUpdate");
  if (!data) return;
  if (digest->finished) return crypto::throwBadArgument(info.GetIsolate(), "cryptoDigestUpdate", 0);
  if (EVP_DigestUpdate(digest->ctx.get(), data->data(), data->size()) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_DigestUpdate");
  }
}

void opCryptoDigestFinish(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* digest = crypto::handleArg<crypto::DigestContext>(info, 0, "cryptoDigestFinish");
  if (digest == nullptr) return;
  if (digest->finished) return crypto::throwBadArgument(info.GetIsolate(), "cryptoDigestFinish", 0);
  digest->finished = true;
  uint8_t out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(digest->ctx.get(), out, &size) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_DigestFinal_ex");
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), {out, size}));
}

void opCryptoTimingSafeEqual(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto a = crypto::bytesArg(info, 0, "cryptoTimingSafeEqual");
  auto b = crypto::bytesArg(info, 1, "cryptoTimingSafeEqual");
  if (!b) return;
  if (a->size() != b->size()) {
    return crypto::throwBadArgument(info.GetIsolate(), "cryptoTimingSafeEqual", 1);
  }
  info.GetReturnValue().Set(CRYPTO_memcmp(a->data(), b->data(), a->size()) == 0);
}

}  // namespace edged::api
