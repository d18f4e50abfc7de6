// node:crypto's signatures (crypto.sign / verify, Sign / Verify objects), RSA encryption
// (publicEncrypt, privateDecrypt, privateEncrypt, publicDecrypt) and key agreement
// (diffieHellman, ECDH.computeSecret) over any EVP_PKEY, with Node's defaults: PKCS #1 v1.5
// padding for RSA keys, PSS for RSA-PSS keys, DER ECDSA signatures unless IEEE P1363 is asked.
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <string>
#include <vector>

#include "crypto_errors.h"
#include "edged/api/crypto/node_crypto_key_ops.h"
#include "node_openssl_error.h"
#include "op_args.h"

namespace edged::api {
namespace {

using crypto::AsymmetricKey;
using crypto::BignumPtr;
using OpInfo = v8::FunctionCallbackInfo<v8::Value>;

// The digest named by argument `i`, null for null/undefined (the key's own: Ed25519 takes
// none). Sets `ok` false and throws Node's error for a name OpenSSL does not know.
const EVP_MD* digestArg(const OpInfo& info, int i, bool& ok) {
  ok = true;
  if (info[i]->IsNullOrUndefined()) return nullptr;
  std::string name = crypto::stringArg(info, i);
  const EVP_MD* md = EVP_get_digestbyname(name.c_str());
  if (md == nullptr) {
    ok = false;
    crypto::throwNodeError(info.GetIsolate(), true, "ERR_CRYPTO_INVALID_DIGEST",
                           "Invalid digest: " + name);
  }
  return md;
}

// Argument `i` as an int, or `fallback` when undefined.
int intArg(const OpInfo& info, int i, int fallback) {
  if (info[i]->IsUndefined()) return fallback;
  return info[i]->Int32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(fallback);
}

bool isRsa(const EVP_PKEY* pkey) {
  int id = EVP_PKEY_get_base_id(pkey);
  return id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS;
}

// Padding and PSS salt length on a signing / verifying context of an RSA key (no-op for
// others). Node's default salt length is the maximum when signing, automatic when verifying.
bool setRsaSignaturePadding(EVP_PKEY_CTX* ctx, const EVP_PKEY* pkey, const OpInfo& info,
                            int padding_arg, bool signing) {
  if (!isRsa(pkey)) return true;
  const int fallback =
      EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA_PSS ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING;
  const int padding = intArg(info, padding_arg, fallback);
  if (EVP_PKEY_CTX_set_rsa_padding(ctx, padding) != 1) return false;
  if (padding != RSA_PKCS1_PSS_PADDING) return true;
  const int salt =
      intArg(info, padding_arg + 1, signing ? RSA_PSS_SALTLEN_MAX_SIGN : RSA_PSS_SALTLEN_AUTO);
  return EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, salt) == 1;
}

// Size in bytes of a field element of an EC key's curve; 0 for other keys.
size_t ecFieldBytes(const EVP_PKEY* pkey) {
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC) return 0;
  return static_cast<size_t>((EVP_PKEY_get_bits(pkey) + 7) / 8);
}

// DER ECDSA-Sig-Value → r‖s, each padded to `field` bytes; empty on malformed input.
std::vector<uint8_t> derToP1363(std::span<const uint8_t> der, size_t field) {
  const unsigned char* cursor = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size()));
  if (sig == nullptr) return {};
  std::vector<uint8_t> out = crypto::bignumBytes(ECDSA_SIG_get0_r(sig), field);
  std::vector<uint8_t> s = crypto::bignumBytes(ECDSA_SIG_get0_s(sig), field);
  ECDSA_SIG_free(sig);
  if (out.empty() || s.empty()) return {};
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

// r‖s → DER; empty when the length is not twice `field`.
std::vector<uint8_t> p1363ToDer(std::span<const uint8_t> raw, size_t field) {
  if (raw.size() != 2 * field) return {};
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(raw.data(), static_cast<int>(field), nullptr);
  BIGNUM* s = BN_bin2bn(raw.data() + field, static_cast<int>(field), nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    ECDSA_SIG_free(sig);
    BN_free(r);
    BN_free(s);
    return {};
  }
  unsigned char* der = nullptr;
  int size = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (size <= 0) return {};
  std::vector<uint8_t> out(der, der + size);
  OPENSSL_free(der);
  return out;
}

}  // namespace

void opCryptoNodeSign(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoNodeSign");
  if (key == nullptr) return;
  bool ok = true;
  const EVP_MD* md = digestArg(info, 1, ok);
  if (!ok) return;
  auto data = crypto::bytesArg(info, 2, "cryptoNodeSign");
  if (!data) return;
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  size_t size = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key->pkey.get()) != 1 ||
      !setRsaSignaturePadding(pctx, key->pkey.get(), info, 3, true) ||
      EVP_DigestSign(ctx.get(), nullptr, &size, data->data(), data->size()) != 1) {
    return crypto::throwNodeOpensslError(isolate, "Signing failed");
  }
  std::vector<uint8_t> signature(size);
  if (EVP_DigestSign(ctx.get(), signature.data(), &size, data->data(), data->size()) != 1) {
    return crypto::throwNodeOpensslError(isolate, "Signing failed");
  }
  signature.resize(size);
  if (size_t field = ecFieldBytes(key->pkey.get()); field != 0 && info[5]->IsTrue()) {
    signature = derToP1363(signature, field);
    if (signature.empty()) return crypto::throwInternalError(isolate, "ECDSA signature format");
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, signature));
}

void opCryptoNodeVerify(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoNodeVerify");
  if (key == nullptr) return;
  bool ok = true;
  const EVP_MD* md = digestArg(info, 1, ok);
  if (!ok) return;
  auto data = crypto::bytesArg(info, 2, "cryptoNodeVerify");
  auto signature = data ? crypto::bytesArg(info, 3, "cryptoNodeVerify") : std::nullopt;
  if (!signature) return;
  std::vector<uint8_t> der;
  std::span<const uint8_t> checked = *signature;
  if (size_t field = ecFieldBytes(key->pkey.get()); field != 0 && info[6]->IsTrue()) {
    der = p1363ToDer(*signature, field);
    if (der.empty()) return info.GetReturnValue().Set(false);
    checked = der;
  }
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key->pkey.get()) != 1 ||
      !setRsaSignaturePadding(pctx, key->pkey.get(), info, 4, false)) {
    return crypto::throwNodeOpensslError(isolate, "Verifying failed");
  }
  int verified =
      EVP_DigestVerify(ctx.get(), checked.data(), checked.size(), data->data(), data->size());
  info.GetReturnValue().Set(verified == 1);
}

void opCryptoNodeRsaCrypt(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  const int mode = intArg(info, 0, 0);
  auto* key = crypto::handleArg<AsymmetricKey>(info, 1, "cryptoNodeRsaCrypt");
  if (key == nullptr) return;
  const int padding = intArg(info, 2, RSA_PKCS1_OAEP_PADDING);
  bool ok = true;
  const EVP_MD* oaep_md = digestArg(info, 3, ok);
  if (!ok) return;
  auto label = crypto::optionalBytesArg(info, 4, "cryptoNodeRsaCrypt");
  auto data = label ? crypto::bytesArg(info, 5, "cryptoNodeRsaCrypt") : std::nullopt;
  if (!data) return;
  crypto::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->pkey.get(), nullptr));
  int init = !ctx        ? 0
             : mode == 0 ? EVP_PKEY_encrypt_init(ctx.get())
             : mode == 1 ? EVP_PKEY_decrypt_init(ctx.get())
             : mode == 2 ? EVP_PKEY_sign_init(ctx.get())
                         : EVP_PKEY_verify_recover_init(ctx.get());
  if (init != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), padding) != 1) {
    return crypto::throwNodeOpensslError(isolate, "RSA operation failed");
  }
  if (padding == RSA_PKCS1_OAEP_PADDING) {
    if (oaep_md == nullptr) oaep_md = EVP_sha1();
    if (EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), oaep_md) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), oaep_md) != 1) {
      return crypto::throwNodeOpensslError(isolate, "RSA operation failed");
    }
    if (!label->empty()) {
      void* copy = OPENSSL_memdup(label->data(), label->size());
      if (copy == nullptr ||
          EVP_PKEY_CTX_set0_rsa_oaep_label(ctx.get(), copy, static_cast<int>(label->size())) != 1) {
        OPENSSL_free(copy);
        return crypto::throwNodeOpensslError(isolate, "RSA operation failed");
      }
    }
  }
  using Step = int (*)(EVP_PKEY_CTX*, unsigned char*, size_t*, const unsigned char*, size_t);
  Step step = mode == 0   ? EVP_PKEY_encrypt
              : mode == 1 ? EVP_PKEY_decrypt
              : mode == 2 ? EVP_PKEY_sign
                          : EVP_PKEY_verify_recover;
  size_t size = 0;
  if (step(ctx.get(), nullptr, &size, data->data(), data->size()) != 1) {
    return crypto::throwNodeOpensslError(isolate, "RSA operation failed");
  }
  std::vector<uint8_t> out(size);
  if (step(ctx.get(), out.data(), &size, data->data(), data->size()) != 1) {
    return crypto::throwNodeOpensslError(isolate, "RSA operation failed");
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, {out.data(), size}));
}

void opCryptoNodeDerive(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* mine = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoNodeDerive");
  if (mine == nullptr) return;
  auto* peer = crypto::handleArg<AsymmetricKey>(info, 1, "cryptoNodeDerive");
  if (peer == nullptr) return;
  crypto::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, mine->pkey.get(), nullptr));
  size_t size = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer->pkey.get()) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &size) != 1) {
    return crypto::throwNodeOpensslError(isolate, "Key agreement failed");
  }
  std::vector<uint8_t> out(size);
  if (EVP_PKEY_derive(ctx.get(), out.data(), &size) != 1) {
    return crypto::throwNodeOpensslError(isolate, "Key agreement failed");
  }
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, {out.data(), size}));
}

}  // namespace edged::api
