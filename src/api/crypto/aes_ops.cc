// AES-GCM (NIST SP 800-38D), AES-CBC with PKCS#7 padding, AES-CTR (SP 800-38A) and AES-KW
// (RFC 3394) over secret keys. runtime-js has already checked IV, counter, tag and data lengths
// with workerd's messages.
#include <openssl/evp.h>

#include <vector>

#include "crypto_errors.h"
#include "edged/api/crypto/crypto_ops.h"
#include "op_args.h"

namespace edged::api {
namespace {

using crypto::CipherCtxPtr;
using crypto::SecretKey;

enum class Mode { kGcm, kCbc, kCtr, kWrap };

const EVP_CIPHER* cipherFor(Mode mode, size_t key_bytes) {
  switch (key_bytes) {
    case 16:
      return mode == Mode::kGcm   ? EVP_aes_128_gcm()
             : mode == Mode::kCbc ? EVP_aes_128_cbc()
             : mode == Mode::kCtr ? EVP_aes_128_ctr()
                                  : EVP_aes_128_wrap();
    case 24:
      return mode == Mode::kGcm   ? EVP_aes_192_gcm()
             : mode == Mode::kCbc ? EVP_aes_192_cbc()
             : mode == Mode::kCtr ? EVP_aes_192_ctr()
                                  : EVP_aes_192_wrap();
    case 32:
      return mode == Mode::kGcm   ? EVP_aes_256_gcm()
             : mode == Mode::kCbc ? EVP_aes_256_cbc()
             : mode == Mode::kCtr ? EVP_aes_256_ctr()
                                  : EVP_aes_256_wrap();
    default:
      return nullptr;
  }
}

// One EVP cipher pass over `in` (Update then Final), appended to `out`. Returns false when
// Final failed: a bad tag, padding or wrapping integrity check (the caller decides what that
// means); `internal` is set when anything else failed.
bool runCipher(EVP_CIPHER_CTX* ctx, std::span<const uint8_t> in, std::vector<uint8_t>& out,
               bool& internal) {
  size_t start = out.size();
  out.resize(start + in.size() + EVP_MAX_BLOCK_LENGTH);
  int written = 0;
  if (!in.empty() && EVP_CipherUpdate(ctx, out.data() + start, &written, in.data(),
                                      static_cast<int>(in.size())) != 1) {
    internal = true;
    return false;
  }
  int final_written = 0;
  bool ok = EVP_CipherFinal_ex(ctx, out.data() + start + written, &final_written) == 1;
  out.resize(start + written + (ok ? final_written : 0));
  return ok;
}

// The cipher context for `mode` under `key`, ready to run; null when OpenSSL failed.
CipherCtxPtr initCipher(Mode mode, const SecretKey& key, std::span<const uint8_t> iv,
                        bool encrypt) {
  const EVP_CIPHER* cipher = cipherFor(mode, key.bytes.size());
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (cipher == nullptr || !ctx) return nullptr;
  if (mode == Mode::kWrap) EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  int enc = encrypt ? 1 : 0;
  if (EVP_CipherInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr, enc) != 1) return nullptr;
  if (mode == Mode::kGcm && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN,
                                                static_cast<int>(iv.size()), nullptr) != 1) {
    return nullptr;
  }
  const uint8_t* iv_data = mode == Mode::kWrap ? nullptr : iv.data();  // RFC 3394 default IV
  if (EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key.bytes.data(), iv_data, enc) != 1) {
    return nullptr;
  }
  return ctx;
}

}  // namespace

void opCryptoAesGcm(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  bool encrypt = info[0]->BooleanValue(isolate);
  auto* key = crypto::handleArg<SecretKey>(info, 1, "cryptoAesGcm");
  if (key == nullptr) return;
  auto iv = crypto::bytesArg(info, 2, "cryptoAesGcm");
  if (!iv) return;
  auto aad = crypto::optionalBytesArg(info, 3, "cryptoAesGcm");
  if (!aad) return;
  size_t tag_size = info[4]->Uint32Value(isolate->GetCurrentContext()).FromMaybe(16);
  auto data = crypto::bytesArg(info, 5, "cryptoAesGcm");
  if (!data) return;
  if (!encrypt && data->size() < tag_size) return;  // runtime-js reports this itself

  CipherCtxPtr ctx = initCipher(Mode::kGcm, *key, *iv, encrypt);
  if (!ctx) return crypto::throwInternalError(isolate, "AES-GCM init");
  std::span<const uint8_t> body = encrypt ? *data : data->first(data->size() - tag_size);
  if (!encrypt) {
    auto* tag = const_cast<uint8_t*>(data->data() + body.size());
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_size), tag) !=
        1) {
      return crypto::throwInternalError(isolate, "AES-GCM tag");
    }
  }
  int ignored = 0;
  if (!aad->empty() && EVP_CipherUpdate(ctx.get(), nullptr, &ignored, aad->data(),
                                        static_cast<int>(aad->size())) != 1) {
    return crypto::throwInternalError(isolate, "AES-GCM additional data");
  }
  std::vector<uint8_t> out;
  bool internal = false;
  bool ok = runCipher(ctx.get(), body, out, internal);
  if (internal) return crypto::throwInternalError(isolate, "AES-GCM");
  if (!ok) {
    if (encrypt) return crypto::throwInternalError(isolate, "AES-GCM final");
    return;  // authentication failed
  }
  if (encrypt) {
    size_t size = out.size();
    out.resize(size + tag_size);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_size),
                            out.data() + size) != 1) {
      return crypto::throwInternalError(isolate, "AES-GCM get tag");
    }
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, out));
}

void opCryptoAesCbc(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  bool encrypt = info[0]->BooleanValue(isolate);
  auto* key = crypto::handleArg<SecretKey>(info, 1, "cryptoAesCbc");
  if (key == nullptr) return;
  auto iv = crypto::bytesArg(info, 2, "cryptoAesCbc");
  if (!iv) return;
  auto data = crypto::bytesArg(info, 3, "cryptoAesCbc");
  if (!data) return;
  CipherCtxPtr ctx = initCipher(Mode::kCbc, *key, *iv, encrypt);
  if (!ctx) return crypto::throwInternalError(isolate, "AES-CBC init");
  std::vector<uint8_t> out;
  bool internal = false;
  bool ok = runCipher(ctx.get(), *data, out, internal);
  if (internal || (!ok && encrypt)) return crypto::throwInternalError(isolate, "AES-CBC");
  if (ok) info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, out));
}

// WebCrypto's AES-CTR: only the rightmost `length` bits of the counter block count; when
// they wrap, the rest of the block stays as it was. OpenSSL increments the whole 128-bit block,
// so a message that wraps is processed in two runs, the second from a block whose counter bits
// are zero.
void opCryptoAesCtr(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<SecretKey>(info, 0, "cryptoAesCtr");
  if (key == nullptr) return;
  auto counter = crypto::bytesArg(info, 1, "cryptoAesCtr");
  if (!counter) return;
  uint32_t bits = info[2]->Uint32Value(isolate->GetCurrentContext()).FromMaybe(0);
  auto data = crypto::bytesArg(info, 3, "cryptoAesCtr");
  if (!data) return;
  if (counter->size() != 16 || bits == 0 || bits > 128) {
    return crypto::throwBadArgument(isolate, "cryptoAesCtr", 1);
  }

  using u128 = unsigned __int128;
  u128 block = 0;
  for (uint8_t b : *counter) block = (block << 8) | b;
  u128 blocks = (data->size() + 15) / 16;
  size_t first_bytes = data->size();
  if (bits < 128) {
    u128 modulus = static_cast<u128>(1) << bits;
    u128 value = block & (modulus - 1);
    if (blocks > modulus) return;  // the counter would repeat
    if (value + blocks > modulus) first_bytes = static_cast<size_t>((modulus - value) * 16);
  }

  std::vector<uint8_t> out;
  bool internal = false;
  CipherCtxPtr ctx = initCipher(Mode::kCtr, *key, *counter, true);
  if (!ctx || !runCipher(ctx.get(), data->first(first_bytes), out, internal)) {
    return crypto::throwInternalError(isolate, "AES-CTR");
  }
  if (first_bytes < data->size()) {
    std::vector<uint8_t> wrapped(counter->begin(), counter->end());
    for (uint32_t i = 0; i < bits; ++i)
      wrapped[15 - i / 8] &= static_cast<uint8_t>(~(1u << (i % 8)));
    ctx = initCipher(Mode::kCtr, *key, wrapped, true);
    if (!ctx || !runCipher(ctx.get(), data->subspan(first_bytes), out, internal)) {
      return crypto::throwInternalError(isolate, "AES-CTR");
    }
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, out));
}

void opCryptoAesKw(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  bool wrap = info[0]->BooleanValue(isolate);
  auto* key = crypto::handleArg<SecretKey>(info, 1, "cryptoAesKw");
  if (key == nullptr) return;
  auto data = crypto::bytesArg(info, 2, "cryptoAesKw");
  if (!data) return;
  CipherCtxPtr ctx = initCipher(Mode::kWrap, *key, {}, wrap);
  if (!ctx) return crypto::throwInternalError(isolate, "AES-KW init");
  std::vector<uint8_t> out;
  bool internal = false;
  bool ok = runCipher(ctx.get(), *data, out, internal);
  // OpenSSL reports a failed integrity check from Update, not Final, for key unwrapping.
  if (!wrap && (internal || !ok)) return;
  if (internal || !ok) return crypto::throwInternalError(isolate, "AES-KW");
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, out));
}

}  // namespace edged::api
