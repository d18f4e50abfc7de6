// ECDSA and ECDH keys on P-256, P-384 and P-521: raw points (SEC 1 §2.3.3), JWK coordinates
// (RFC 7518 §6.2), signatures as WebCrypto's r‖s (WebCrypto's ECDSA, not DER), and ECDH.
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <v8-container.h>

#include <string>
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

// The key from a curve, a SEC 1 encoded public point and (for a private key) the scalar d;
// null when OpenSSL rejects the point or the pair does not match.
PkeyPtr ecKeyFrom(const char* group, std::span<const uint8_t> point, const BIGNUM* d) {
  crypto::ParamBldPtr build(OSSL_PARAM_BLD_new());
  if (!build ||
      OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1 ||
      (d != nullptr && OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PRIV_KEY, d) != 1)) {
    return nullptr;
  }
  crypto::ParamsPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  PkeyPtr pkey =
      crypto::pkeyFromParams("EC", d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get());
  if (!pkey) return nullptr;
  // fromdata decodes the point (so it is on the curve) but does not check that d matches it.
  crypto::PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  int ok = !check ? 0
           : d    ? EVP_PKEY_pairwise_check(check.get())
                  : EVP_PKEY_public_check(check.get());
  return ok == 1 ? std::move(pkey) : nullptr;
}

// The affine coordinates of the key's public point, each padded to the field size.
bool publicCoordinates(EVP_PKEY* pkey, std::vector<uint8_t>& x, std::vector<uint8_t>& y) {
  BIGNUM* bx = nullptr;
  BIGNUM* by = nullptr;
  bool ok = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, &bx) == 1 &&
            EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &by) == 1;
  BignumPtr owned_x(bx), owned_y(by);
  if (!ok) return false;
  size_t field = crypto::fieldBytesOf(pkey);
  x = crypto::bignumBytes(bx, field);
  y = crypto::bignumBytes(by, field);
  return !x.empty() && !y.empty();
}

// OpenSSL's name for the curve named by argument `i`; throws and returns null when unknown.
const char* groupArg(const v8::FunctionCallbackInfo<v8::Value>& info, int i, const char* op,
                     size_t* field_bytes = nullptr) {
  std::string curve = crypto::stringArg(info, i);
  const char* group = crypto::opensslGroupName(curve);
  if (group == nullptr) crypto::throwBadArgument(info.GetIsolate(), op, i);
  if (field_bytes != nullptr) *field_bytes = crypto::fieldBytesOfCurve(curve);
  return group;
}

}  // namespace

void opCryptoEcImportRaw(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  const char* group = groupArg(info, 0, "cryptoEcImportRaw");
  if (group == nullptr) return;
  auto point = crypto::bytesArg(info, 1, "cryptoEcImportRaw");
  if (!point) return;
  PkeyPtr pkey = ecKeyFrom(group, *point, nullptr);
  if (!pkey) {
    return crypto::throwDomException(info.GetIsolate(), "DataError",
                                     "Failed to import raw EC key data");
  }
  crypto::returnHandle(info, AsymmetricKey{std::move(pkey), false});
}

void opCryptoEcExportRaw(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoEcExportRaw");
  if (key == nullptr) return;
  std::vector<uint8_t> x, y;
  if (!publicCoordinates(key->pkey.get(), x, y)) {
    return crypto::throwInternalError(info.GetIsolate(), "EC public point");
  }
  std::vector<uint8_t> point{POINT_CONVERSION_UNCOMPRESSED};
  point.insert(point.end(), x.begin(), x.end());
  point.insert(point.end(), y.begin(), y.end());
  info.GetReturnValue().Set(crypto::newArrayBuffer(info.GetIsolate(), point));
}

void opCryptoEcImportJwk(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  size_t field = 0;
  const char* group = groupArg(info, 0, "cryptoEcImportJwk", &field);
  if (group == nullptr) return;
  auto x = crypto::bytesArg(info, 1, "cryptoEcImportJwk");
  if (!x) return;
  auto y = crypto::bytesArg(info, 2, "cryptoEcImportJwk");
  if (!y) return;
  auto d = crypto::optionalBytesArg(info, 3, "cryptoEcImportJwk");
  if (!d) return;
  bool is_private = !info[3]->IsUndefined();
  PkeyPtr pkey;
  // RFC 7518 §6.2.1.2: each coordinate is exactly the field size.
  if (x->size() == field && y->size() == field && (!is_private || d->size() == field)) {
    std::vector<uint8_t> point{POINT_CONVERSION_UNCOMPRESSED};
    point.insert(point.end(), x->begin(), x->end());
    point.insert(point.end(), y->begin(), y->end());
    BignumPtr scalar(is_private ? BN_bin2bn(d->data(), static_cast<int>(d->size()), nullptr)
                                : nullptr);
    pkey = ecKeyFrom(group, point, scalar.get());
  }
  if (!pkey) {
    return crypto::throwDomException(info.GetIsolate(), "DataError",
                                     "Invalid EC key in JSON Web Key");
  }
  crypto::returnHandle(info, AsymmetricKey{std::move(pkey), is_private});
}

void opCryptoEcExportJwk(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoEcExportJwk");
  if (key == nullptr) return;
  std::vector<uint8_t> x, y;
  if (!publicCoordinates(key->pkey.get(), x, y)) {
    return crypto::throwInternalError(isolate, "EC public point");
  }
  std::vector<v8::Local<v8::Value>> parts = {runtime::newUint8Array(isolate, x),
                                             runtime::newUint8Array(isolate, y)};
  if (key->is_private) {
    BIGNUM* d = nullptr;
    if (EVP_PKEY_get_bn_param(key->pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY, &d) != 1) {
      return crypto::throwInternalError(isolate, "EC private scalar");
    }
    BignumPtr owned(d);
    std::vector<uint8_t> bytes = crypto::bignumBytes(d, x.size());
    parts.push_back(runtime::newUint8Array(isolate, bytes));
    OPENSSL_cleanse(bytes.data(), bytes.size());
  }
  info.GetReturnValue().Set(v8::Array::New(isolate, parts.data(), parts.size()));
}

void opCryptoEcdsaSign(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoEcdsaSign");
  if (key == nullptr) return;
  const EVP_MD* md = crypto::digestArg(info, 1, "cryptoEcdsaSign");
  if (md == nullptr) return;
  auto data = crypto::bytesArg(info, 2, "cryptoEcdsaSign");
  if (!data) return;
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  size_t size = 0;
  std::vector<uint8_t> der;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key->pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, data->data(), data->size()) != 1) {
    return crypto::throwInternalError(isolate, "ECDSA sign init");
  }
  der.resize(size);
  if (EVP_DigestSign(ctx.get(), der.data(), &size, data->data(), data->size()) != 1) {
    return crypto::throwInternalError(isolate, "ECDSA sign");
  }
  const unsigned char* cursor = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(size));
  if (sig == nullptr) return crypto::throwInternalError(isolate, "ECDSA signature decode");
  size_t field = crypto::fieldBytesOf(key->pkey.get());
  std::vector<uint8_t> r = crypto::bignumBytes(ECDSA_SIG_get0_r(sig), field);
  std::vector<uint8_t> s = crypto::bignumBytes(ECDSA_SIG_get0_s(sig), field);
  ECDSA_SIG_free(sig);
  r.insert(r.end(), s.begin(), s.end());
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, r));
}

void opCryptoEcdsaVerify(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoEcdsaVerify");
  if (key == nullptr) return;
  const EVP_MD* md = crypto::digestArg(info, 1, "cryptoEcdsaVerify");
  if (md == nullptr) return;
  auto signature = crypto::bytesArg(info, 2, "cryptoEcdsaVerify");
  if (!signature) return;
  auto data = crypto::bytesArg(info, 3, "cryptoEcdsaVerify");
  if (!data) return;
  size_t field = crypto::fieldBytesOf(key->pkey.get());
  // A signature of the wrong size cannot be valid (workerd judges it false, not an error).
  if (signature->size() != 2 * field) return info.GetReturnValue().Set(false);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(signature->data(), static_cast<int>(field), nullptr);
  BIGNUM* s = BN_bin2bn(signature->data() + field, static_cast<int>(field), nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return crypto::throwInternalError(isolate, "ECDSA signature encode");
  }
  unsigned char* der = nullptr;
  int der_size = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (der_size <= 0) return crypto::throwInternalError(isolate, "ECDSA signature encode");
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key->pkey.get()) == 1 &&
            EVP_DigestVerify(ctx.get(), der, static_cast<size_t>(der_size), data->data(),
                             data->size()) == 1;
  OPENSSL_free(der);
  info.GetReturnValue().Set(ok);
}

void opCryptoEcdhDerive(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* own = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoEcdhDerive");
  if (own == nullptr) return;
  auto* peer = crypto::handleArg<AsymmetricKey>(info, 1, "cryptoEcdhDerive");
  if (peer == nullptr) return;
  crypto::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own->pkey.get(), nullptr));
  size_t size = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer->pkey.get()) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &size) != 1) {
    return crypto::throwDomException(isolate, "OperationError",
                                     "Failed to generate shared ECDH secret");
  }
  std::vector<uint8_t> secret(size);
  if (EVP_PKEY_derive(ctx.get(), secret.data(), &size) != 1) {
    return crypto::throwDomException(isolate, "OperationError",
                                     "Failed to generate shared ECDH secret");
  }
  secret.resize(size);
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, secret));
  OPENSSL_cleanse(secret.data(), secret.size());
}

}  // namespace edged::api
