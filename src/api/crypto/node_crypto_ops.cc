// The synchronous, incremental primitives node:crypto needs beyond WebCrypto's one-shot ops:
// copying a running digest (Hash.copy), streaming HMAC (createHmac), streaming AES ciphers with
// GCM's AAD and tags (createCipheriv/createDecipheriv), and scrypt (RFC 7914).
// runtime-js/api/71_node_crypto.js validates every argument with Node's messages first.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <cmath>
#include <string>
#include <vector>

#include "crypto_errors.h"
#include "edged/api/crypto/crypto_ops.h"
#include "op_args.h"

namespace edged::api {

using crypto::CipherContext;
using crypto::HmacContext;
using crypto::OpensslErrorScope;

void opCryptoDigestCopy(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* digest = crypto::handleArg<crypto::DigestContext>(info, 0, "cryptoDigestCopy");
  if (digest == nullptr) return;
  if (digest->finished) return crypto::throwBadArgument(info.GetIsolate(), "cryptoDigestCopy", 0);
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), digest->ctx.get()) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_MD_CTX_copy_ex");
  }
  crypto::returnHandle(info, crypto::DigestContext{std::move(ctx)});
}

void opCryptoHmacCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  const EVP_MD* md = crypto::digestArg(info, 0, "cryptoHmacCreate");
  if (md == nullptr) return;
  auto key = crypto::bytesArg(info, 1, "cryptoHmacCreate");
  if (!key) return;
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  crypto::MacCtxPtr ctx(mac ? EVP_MAC_CTX_new(mac) : nullptr);
  EVP_MAC_free(mac);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                       const_cast<char*>(EVP_MD_get0_name(md)), 0),
      OSSL_PARAM_construct_end(),
  };
  if (!ctx || EVP_MAC_init(ctx.get(), key->data(), key->size(), params) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_MAC_init");
  }
  crypto::returnHandle(info, HmacContext{std::move(ctx)});
}

void opCryptoHmacUpdate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* hmac = crypto::handleArg<HmacContext>(info, 0, "cryptoHmacUpdate");
  if (hmac == nullptr) return;
  auto data = crypto::bytesArg(info, 1, "cryptoHmacUpdate");
  if (!data) return;
  if (hmac->finished) return crypto::throwBadArgument(info.GetIsolate(), "cryptoHmacUpdate", 0);
  if (EVP_MAC_update(hmac->ctx.get(), data->data(), data->size()) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_MAC_update");
  }
}

void opCryptoHmacFinish(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* hmac = crypto::handleArg<HmacContext>(info, 0, "cryptoHmacFinish");
  if (hmac == nullptr) return;
  if (hmac->finished) return crypto::throwBadArgument(info.GetIsolate(), "cryptoHmacFinish", 0);
  hmac->finished = true;
  uint8_t out[EVP_MAX_MD_SIZE];
  size_t size = 0;
  if (EVP_MAC_final(hmac->ctx.get(), out, &size, sizeof out) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_MAC_final");
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), {out, size}));
}

void opCryptoCipherCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  std::string name = crypto::stringArg(info, 0);
  bool encrypt = info[1]->BooleanValue(isolate);
  auto key = crypto::bytesArg(info, 2, "cryptoCipherCreate");
  if (!key) return;
  auto iv = crypto::bytesArg(info, 3, "cryptoCipherCreate");
  if (!iv) return;
  const EVP_CIPHER* cipher = EVP_get_cipherbyname(name.c_str());
  if (cipher == nullptr || static_cast<size_t>(EVP_CIPHER_get_key_length(cipher)) != key->size()) {
    return crypto::throwBadArgument(isolate, "cryptoCipherCreate", 0);
  }
  bool gcm = EVP_CIPHER_get_mode(cipher) == EVP_CIPH_GCM_MODE;
  crypto::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  // GCM takes any nonce length, set before the nonce itself.
  if (!ctx || EVP_CipherInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr, encrypt) != 1 ||
      (gcm && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv->size()),
                                  nullptr) != 1) ||
      EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key->data(), iv->data(), encrypt) != 1) {
    return crypto::throwInternalError(isolate, "EVP_CipherInit_ex");
  }
  crypto::returnHandle(info, CipherContext{std::move(ctx), encrypt});
}

void opCryptoCipherUpdate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* cipher = crypto::handleArg<CipherContext>(info, 0, "cryptoCipherUpdate");
  if (cipher == nullptr) return;
  auto data = crypto::bytesArg(info, 1, "cryptoCipherUpdate");
  if (!data) return;
  if (cipher->finished) return crypto::throwBadArgument(info.GetIsolate(), "cryptoCipherUpdate", 0);
  std::vector<uint8_t> out(data->size() + EVP_MAX_BLOCK_LENGTH);
  int written = 0;
  if (!data->empty() && EVP_CipherUpdate(cipher->ctx.get(), out.data(), &written, data->data(),
                                         static_cast<int>(data->size())) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_CipherUpdate");
  }
  out.resize(static_cast<size_t>(written));
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), out));
}

void opCryptoCipherFinal(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* cipher = crypto::handleArg<CipherContext>(info, 0, "cryptoCipherFinal");
  if (cipher == nullptr) return;
  if (cipher->finished) return crypto::throwBadArgument(info.GetIsolate(), "cryptoCipherFinal", 0);
  cipher->finished = true;
  uint8_t out[EVP_MAX_BLOCK_LENGTH];
  int written = 0;
  // A failure here is the Worker's data (bad padding, wrong tag): runtime-js words it.
  if (EVP_CipherFinal_ex(cipher->ctx.get(), out, &written) != 1) return;
  info.GetReturnValue().Set(
      crypto::newArrayBuffer(info.GetIsolate(), {out, static_cast<size_t>(written)}));
}

void opCryptoCipherSetAAD(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* cipher = crypto::handleArg<CipherContext>(info, 0, "cryptoCipherSetAAD");
  if (cipher == nullptr) return;
  auto aad = crypto::bytesArg(info, 1, "cryptoCipherSetAAD");
  if (!aad) return;
  int written = 0;
  bool ok = !cipher->finished && EVP_CipherUpdate(cipher->ctx.get(), nullptr, &written, aad->data(),
                                                  static_cast<int>(aad->size())) == 1;
  info.GetReturnValue().Set(ok);
}

void opCryptoCipherSetAutoPadding(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto* cipher = crypto::handleArg<CipherContext>(info, 0, "cryptoCipherSetAutoPadding");
  if (cipher == nullptr) return;
  bool ok =
      !cipher->finished &&
      EVP_CIPHER_CTX_set_padding(cipher->ctx.get(), info[1]->BooleanValue(info.GetIsolate())) == 1;
  info.GetReturnValue().Set(ok);
}

void opCryptoCipherGetTag(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* cipher = crypto::handleArg<CipherContext>(info, 0, "cryptoCipherGetTag");
  if (cipher == nullptr) return;
  uint32_t length = info[1]->Uint32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  if (length == 0 || length > 16) {
    return crypto::throwBadArgument(info.GetIsolate(), "cryptoCipherGetTag", 1);
  }
  uint8_t tag[16];
  if (EVP_CIPHER_CTX_ctrl(cipher->ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(length), tag) !=
      1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_CTRL_GCM_GET_TAG");
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), {tag, length}));
}

void opCryptoCipherSetTag(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* cipher = crypto::handleArg<CipherContext>(info, 0, "cryptoCipherSetTag");
  if (cipher == nullptr) return;
  auto tag = crypto::bytesArg(info, 1, "cryptoCipherSetTag");
  if (!tag) return;
  bool ok =
      !cipher->finished && !tag->empty() && tag->size() <= 16 &&
      EVP_CIPHER_CTX_ctrl(cipher->ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag->size()),
                          const_cast<uint8_t*>(tag->data())) == 1;
  info.GetReturnValue().Set(ok);
}

void opCryptoScrypt(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
  auto password = crypto::bytesArg(info, 0, "cryptoScrypt");
  if (!password) return;
  auto salt = crypto::bytesArg(info, 1, "cryptoScrypt");
  if (!salt) return;
  auto number = [&](int i) {
    double value = info[i]->NumberValue(context).FromMaybe(0);
    return std::isfinite(value) && value >= 0 ? static_cast<uint64_t>(value) : 0;
  };
  uint64_t n = number(2), r = number(3), p = number(4), maxmem = number(5);
  size_t length = static_cast<size_t>(number(6));
  std::vector<uint8_t> out(length);
  // Invalid parameters (N not a power of two, memory over maxmem) are the Worker's: undefined.
  if (EVP_PBE_scrypt(reinterpret_cast<const char*>(password->data()), password->size(),
                     salt->data(), salt->size(), n, r, p, maxmem, out.data(), length) != 1) {
    return;
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), out));
}

}  // namespace edged::api
