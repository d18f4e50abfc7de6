// Asymmetric keys in general: generating pairs, SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) and
// PKCS #8 PrivateKeyInfo (RFC 5208) in DER, and describing a key to runtime-js.
#include <openssl/core_names.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-object.h>

#include <string>

#include "asymmetric_keys.h"
#include "crypto_errors.h"
#include "edged/api/crypto/crypto_ops.h"
#include "edged/runtime/js_values.h"
#include "op_args.h"

namespace edged::api {
namespace {

using crypto::AsymmetricKey;
using crypto::PkeyPtr;

// A new key of `kind` ("P-256" … "X25519", "RSA"); null when OpenSSL failed.
PkeyPtr generate(const std::string& kind, uint32_t modulus_bits,
                 std::span<const uint8_t> exponent) {
  if (const char* group = crypto::opensslGroupName(kind)) {
    return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group));
  }
  if (kind == "Ed25519") return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (kind == "X25519") return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
  if (kind != "RSA") return nullptr;
  crypto::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  crypto::BignumPtr e(BN_bin2bn(exponent.data(), static_cast<int>(exponent.size()), nullptr));
  EVP_PKEY* out = nullptr;
  if (!ctx || !e || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), static_cast<int>(modulus_bits)) != 1 ||
      EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) != 1 ||
      EVP_PKEY_keygen(ctx.get(), &out) != 1) {
    return nullptr;
  }
  return PkeyPtr(out);
}

// False when setting threw.
bool setProperty(v8::Local<v8::Context> context, v8::Local<v8::Object> object, const char* name,
                 v8::Local<v8::Value> value) {
  return object->Set(context, runtime::newString(context->GetIsolate(), name), value).IsJust();
}

const char* kindOf(const EVP_PKEY* pkey) {
  switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
      return "rsa";
    case EVP_PKEY_EC:
      return "ec";
    case EVP_PKEY_ED25519:
      return "ed25519";
    case EVP_PKEY_X25519:
      return "x25519";
    default:
      return "other";
  }
}

// Returns the DER of `pkey` written by `encode` (an i2d function) as an ArrayBuffer.
template <typename Encode>
void returnDer(const v8::FunctionCallbackInfo<v8::Value>& info, Encode encode, const char* what) {
  unsigned char* der = nullptr;
  int size = encode(&der);
  if (size <= 0) return crypto::throwInternalError(info.GetIsolate(), what);
  info.GetReturnValue().Set(
      crypto::newArrayBuffer(info.GetIsolate(), {der, static_cast<size_t>(size)}));
  OPENSSL_free(der);
}

// An EC key encodes its public point the way it was imported; WebCrypto exports SPKI and
// PKCS #8 with uncompressed points (WPT ec_importKey: a compressed import round-trips to the
// uncompressed form). No-op for other key types.
bool exportPointsUncompressed(EVP_PKEY* pkey) {
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC) return true;
  return EVP_PKEY_set_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                        OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED) == 1;
}

}  // namespace

void opCryptoKeyGenerate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  std::string kind = crypto::stringArg(info, 0);
  uint32_t modulus_bits = 0;
  std::span<const uint8_t> exponent;
  if (kind == "RSA") {
    modulus_bits = info[1]->Uint32Value(isolate->GetCurrentContext()).FromMaybe(0);
    auto bytes = crypto::bytesArg(info, 2, "cryptoKeyGenerate");
    if (!bytes) return;
    exponent = *bytes;
  }
  PkeyPtr private_key = generate(kind, modulus_bits, exponent);
  PkeyPtr public_key = private_key ? crypto::publicHalf(private_key.get()) : nullptr;
  if (!public_key) return crypto::throwInternalError(isolate, "generating a " + kind + " key");
  v8::Local<v8::Object> private_handle, public_handle;
  if (!crypto::wrapNative(isolate, AsymmetricKey{std::move(private_key), true})
           .ToLocal(&private_handle) ||
      !crypto::wrapNative(isolate, AsymmetricKey{std::move(public_key), false})
           .ToLocal(&public_handle)) {
    return;
  }
  v8::Local<v8::Value> pair[] = {private_handle, public_handle};
  info.GetReturnValue().Set(v8::Array::New(isolate, pair, 2));
}

void opCryptoKeyImportSpki(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  auto bytes = crypto::bytesArg(info, 0, "cryptoKeyImportSpki");
  if (!bytes) return;
  const unsigned char* cursor = bytes->data();
  PkeyPtr pkey(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(bytes->size())));
  if (!pkey)
    return crypto::throwDomException(info.GetIsolate(), "DataError", "Invalid SPKI input.");
  if (size_t rest = bytes->data() + bytes->size() - cursor) {
    return crypto::throwDomException(
        info.GetIsolate(), "DataError",
        "Invalid " + std::to_string(rest) + " trailing bytes after SPKI input.");
  }
  crypto::returnHandle(info, AsymmetricKey{std::move(pkey), false});
}

void opCryptoKeyImportPkcs8(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  auto bytes = crypto::bytesArg(info, 0, "cryptoKeyImportPkcs8");
  if (!bytes) return;
  const unsigned char* cursor = bytes->data();
  PKCS8_PRIV_KEY_INFO* p8 =
      d2i_PKCS8_PRIV_KEY_INFO(nullptr, &cursor, static_cast<long>(bytes->size()));
  PkeyPtr pkey(p8 ? EVP_PKCS82PKEY(p8) : nullptr);
  PKCS8_PRIV_KEY_INFO_free(p8);
  if (!pkey) {
    return crypto::throwDomException(info.GetIsolate(), "DataError", "Invalid PKCS8 input.");
  }
  if (size_t rest = bytes->data() + bytes->size() - cursor) {
    return crypto::throwDomException(
        info.GetIsolate(), "DataError",
        "Invalid " + std::to_string(rest) + " trailing bytes after PKCS8 input.");
  }
  crypto::returnHandle(info, AsymmetricKey{std::move(pkey), true});
}

void opCryptoKeyExportSpki(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoKeyExportSpki");
  if (key == nullptr) return;
  if (!exportPointsUncompressed(key->pkey.get())) {
    return crypto::throwInternalError(info.GetIsolate(), "EC point format");
  }
  returnDer(
      info, [&](unsigned char** out) { return i2d_PUBKEY(key->pkey.get(), out); }, "SPKI export");
}

void opCryptoKeyExportPkcs8(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoKeyExportPkcs8");
  if (key == nullptr) return;
  if (!exportPointsUncompressed(key->pkey.get())) {
    return crypto::throwInternalError(info.GetIsolate(), "EC point format");
  }
  PKCS8_PRIV_KEY_INFO* p8 = EVP_PKEY2PKCS8(key->pkey.get());
  if (p8 == nullptr) return crypto::throwInternalError(info.GetIsolate(), "PKCS8 export");
  returnDer(
      info, [&](unsigned char** out) { return i2d_PKCS8_PRIV_KEY_INFO(p8, out); }, "PKCS8 export");
  PKCS8_PRIV_KEY_INFO_free(p8);
}

void opCryptoKeyInfo(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoKeyInfo");
  if (key == nullptr) return;
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  EVP_PKEY* pkey = key->pkey.get();
  v8::Local<v8::Object> out = v8::Object::New(isolate);
  const std::string_view kind = kindOf(pkey);
  if (!setProperty(context, out, "private", v8::Boolean::New(isolate, key->is_private)) ||
      !setProperty(context, out, "kind", runtime::newString(isolate, kind))) {
    return;
  }
  if (kind == "ec") {
    v8::Local<v8::String> curve = runtime::newString(isolate, crypto::namedCurveOf(pkey));
    if (!setProperty(context, out, "namedCurve", curve)) return;
  } else if (kind == "rsa") {
    BIGNUM* e = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) != 1) {
      return crypto::throwInternalError(isolate, "RSA public exponent");
    }
    crypto::BignumPtr owned(e);
    v8::Local<v8::Value> bits = v8::Integer::New(isolate, EVP_PKEY_get_bits(pkey));
    if (!setProperty(context, out, "modulusLength", bits) ||
        !setProperty(context, out, "publicExponent",
                     runtime::newUint8Array(isolate, crypto::bignumBytes(e)))) {
      return;
    }
  }
  info.GetReturnValue().Set(out);
}

}  // namespace edged::api
