// node:crypto's asymmetric KeyObjects: reading PEM / DER in every structure Node reads (through
// OpenSSL's decoders), writing them back (encoders, with optional passphrase encryption),
// describing keys with Node's names, comparing and generating them, and ECDH's raw points and
// scalars.
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <v8-container.h>
#include <v8-object.h>
#include <v8-primitive.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "asymmetric_keys.h"
#include "crypto_errors.h"
#include "edged/api/crypto/node_crypto_key_ops.h"
#include "edged/runtime/js_values.h"
#include "node_openssl_error.h"
#include "op_args.h"

namespace edged::api {
namespace {

using crypto::AsymmetricKey;
using crypto::BignumPtr;
using crypto::PkeyPtr;
using OpInfo = v8::FunctionCallbackInfo<v8::Value>;

// What the passphrase callback saw: the passphrase to give (if any) and whether OpenSSL asked.
struct Passphrase {
  std::optional<std::span<const uint8_t>> bytes;
  bool asked = false;
};

// OpenSSL asks only for an encrypted key. Without a passphrase the answer is "none" (never a
// terminal prompt).
int passphraseCallback(char* buf, size_t size, size_t* length, const OSSL_PARAM*, void* arg) {
  auto* pass = static_cast<Passphrase*>(arg);
  pass->asked = true;
  if (!pass->bytes || pass->bytes->size() > size) return 0;
  std::copy(pass->bytes->begin(), pass->bytes->end(), buf);
  *length = pass->bytes->size();
  return 1;
}

// One decoding attempt of `bytes` for keys of `selection`; null when it does not parse.
PkeyPtr decode(std::span<const uint8_t> bytes, bool pem, int selection, Passphrase& pass) {
  EVP_PKEY* pkey = nullptr;
  OSSL_DECODER_CTX* ctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, pem ? "PEM" : "DER", nullptr,
                                                        nullptr, selection, nullptr, nullptr);
  if (ctx == nullptr) return nullptr;
  OSSL_DECODER_CTX_set_passphrase_cb(ctx, passphraseCallback, &pass);
  const unsigned char* data = bytes.data();
  size_t length = bytes.size();
  int ok = OSSL_DECODER_from_data(ctx, &data, &length);
  OSSL_DECODER_CTX_free(ctx);
  if (ok != 1) {
    EVP_PKEY_free(pkey);
    return nullptr;
  }
  return PkeyPtr(pkey);
}

// The public key of an X.509 certificate in `bytes`; null when it is none.
PkeyPtr certificateKey(std::span<const uint8_t> bytes, bool pem) {
  X509* cert = nullptr;
  if (pem) {
    BIO* bio = BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size()));
    if (bio != nullptr) cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
  } else {
    const unsigned char* cursor = bytes.data();
    cert = d2i_X509(nullptr, &cursor, static_cast<long>(bytes.size()));
  }
  if (cert == nullptr) return nullptr;
  PkeyPtr pkey(X509_get_pubkey(cert));
  X509_free(cert);
  return pkey;
}

bool setValue(v8::Local<v8::Object> object, const char* name, v8::Local<v8::Value> value) {
  v8::Isolate* isolate = object->GetIsolate();
  return object->Set(isolate->GetCurrentContext(), runtime::newString(isolate, name), value)
      .IsJust();
}

// Node's asymmetricKeyType for `pkey`, or null for a type Node does not name.
const char* nodeKeyType(const EVP_PKEY* pkey) {
  switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
      return "rsa";
    case EVP_PKEY_RSA_PSS:
      return "rsa-pss";
    case EVP_PKEY_EC:
      return "ec";
    case EVP_PKEY_ED25519:
      return "ed25519";
    case EVP_PKEY_ED448:
      return "ed448";
    case EVP_PKEY_X25519:
      return "x25519";
    case EVP_PKEY_X448:
      return "x448";
    case EVP_PKEY_DSA:
      return "dsa";
    case EVP_PKEY_DH:
      return "dh";
    default:
      return nullptr;
  }
}

// A string parameter of `pkey`, empty when it has none.
std::string stringParam(const EVP_PKEY* pkey, const char* name) {
  char value[80] = {0};
  if (EVP_PKEY_get_utf8_string_param(pkey, name, value, sizeof value, nullptr) != 1) return {};
  return value;
}

// Node names digests in lower case ("sha256"); OpenSSL's RSA-PSS parameters say "SHA256".
std::string nodeDigestName(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "sha2-256") return "sha256";
  if (name == "sha2-384") return "sha384";
  if (name == "sha2-512") return "sha512";
  if (name == "sha2-224") return "sha224";
  return name;
}

// Adds RSA-PSS key restrictions (hash, MGF1 hash, salt length) when the key has them.
bool addPssDetails(EVP_PKEY* pkey, v8::Local<v8::Object> out) {
  v8::Isolate* isolate = out->GetIsolate();
  std::string hash = stringParam(pkey, OSSL_PKEY_PARAM_RSA_DIGEST);
  if (hash.empty()) return true;
  std::string mgf1 = stringParam(pkey, OSSL_PKEY_PARAM_RSA_MGF1_DIGEST);
  int salt = 0;
  EVP_PKEY_get_int_param(pkey, OSSL_PKEY_PARAM_RSA_PSS_SALTLEN, &salt);
  return setValue(out, "hashAlgorithm", runtime::newString(isolate, nodeDigestName(hash))) &&
         setValue(out, "mgf1HashAlgorithm",
                  runtime::newString(isolate, nodeDigestName(mgf1.empty() ? hash : mgf1))) &&
         setValue(out, "saltLength", v8::Integer::New(isolate, salt));
}

// OpenSSL's EC group for a curve name Node accepts ("P-256", "prime256v1", "secp256k1").
std::string ecGroupName(const std::string& curve) {
  int nid = EC_curve_nist2nid(curve.c_str());
  if (nid == NID_undef) nid = OBJ_sn2nid(curve.c_str());
  if (nid == NID_undef) nid = OBJ_ln2nid(curve.c_str());
  if (nid == NID_undef) return {};
  EC_GROUP* group = EC_GROUP_new_by_curve_name(nid);
  if (group == nullptr) return {};
  EC_GROUP_free(group);
  return OBJ_nid2sn(nid);
}

PkeyPtr generateRsa(const char* type, int bits, BIGNUM* exponent, const OpInfo& info) {
  crypto::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1 ||
      (exponent != nullptr && EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), exponent) != 1)) {
    return nullptr;
  }
  if (std::string_view(type) == "RSA-PSS" && !info[3]->IsUndefined()) {
    std::string hash = crypto::stringArg(info, 3);
    std::string mgf1 = info[4]->IsUndefined() ? hash : crypto::stringArg(info, 4);
    const EVP_MD* md = EVP_get_digestbyname(hash.c_str());
    const EVP_MD* mgf1_md = EVP_get_digestbyname(mgf1.c_str());
    int salt = info[5]->IsUndefined()
                   ? EVP_MD_get_size(md)
                   : info[5]->Int32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
    if (md == nullptr || mgf1_md == nullptr ||
        EVP_PKEY_CTX_set_rsa_pss_keygen_md(ctx.get(), md) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_keygen_mgf1_md(ctx.get(), mgf1_md) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_keygen_saltlen(ctx.get(), salt) != 1) {
      return nullptr;
    }
  }
  EVP_PKEY* out = nullptr;
  if (EVP_PKEY_keygen(ctx.get(), &out) != 1) return nullptr;
  return PkeyPtr(out);
}

// The EC group of `pkey` (for point arithmetic); null when it is not an EC key.
EC_GROUP* groupOf(const EVP_PKEY* pkey) {
  std::string name = stringParam(pkey, OSSL_PKEY_PARAM_GROUP_NAME);
  int nid = name.empty() ? NID_undef : OBJ_sn2nid(name.c_str());
  return nid == NID_undef ? nullptr : EC_GROUP_new_by_curve_name(nid);
}

}  // namespace

void opCryptoNodeKeyParse(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto bytes = crypto::bytesArg(info, 0, "cryptoNodeKeyParse");
  if (!bytes) return;
  const bool pem = info[1]->IsTrue();
  const bool want_private = info[2]->IsTrue();
  Passphrase pass;
  if (!info[3]->IsUndefined()) {
    pass.bytes = crypto::bytesArg(info, 3, "cryptoNodeKeyParse");
    if (!pass.bytes) return;
  }
  PkeyPtr pkey;
  bool is_private = true;
  if (want_private) {
    pkey = decode(*bytes, pem, EVP_PKEY_KEYPAIR, pass);
  } else {
    // A public key may come as a public key, as a private key's encoding, or in a certificate.
    pkey = decode(*bytes, pem, EVP_PKEY_PUBLIC_KEY, pass);
    if (!pkey) pkey = decode(*bytes, pem, EVP_PKEY_KEYPAIR, pass);
    if (!pkey && !pass.asked) pkey = certificateKey(*bytes, pem);
    if (pkey) pkey = crypto::publicHalf(pkey.get());
    is_private = false;
  }
  if (!pkey) {
    if (pass.asked && !pass.bytes) {
      return crypto::throwNodeError(isolate, true, "ERR_MISSING_PASSPHRASE",
                                    "Passphrase required for encrypted key");
    }
    return crypto::throwNodeOpensslError(isolate, "Failed to read asymmetric key");
  }
  crypto::returnHandle(info, AsymmetricKey{std::move(pkey), is_private});
}

void opCryptoNodeKeyExport(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoNodeKeyExport");
  if (key == nullptr) return;
  const bool pem = info[1]->IsTrue();
  const std::string structure = crypto::stringArg(info, 2);
  const char* output_structure = structure == "spki"    ? "SubjectPublicKeyInfo"
                                 : structure == "pkcs8" ? "PrivateKeyInfo"
                                                        : "type-specific";
  const int selection =
      key->is_private && structure != "spki" ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
  OSSL_ENCODER_CTX* ctx = OSSL_ENCODER_CTX_new_for_pkey(
      key->pkey.get(), selection, pem ? "PEM" : "DER", output_structure, nullptr);
  bool ok = ctx != nullptr && OSSL_ENCODER_CTX_get_num_encoders(ctx) > 0;
  if (ok && !info[3]->IsUndefined()) {
    std::string cipher = crypto::stringArg(info, 3);
    auto passphrase = crypto::bytesArg(info, 4, "cryptoNodeKeyExport");
    if (!passphrase) {
      OSSL_ENCODER_CTX_free(ctx);
      return;
    }
    ok = OSSL_ENCODER_CTX_set_cipher(ctx, cipher.c_str(), nullptr) == 1 &&
         OSSL_ENCODER_CTX_set_passphrase(ctx, passphrase->data(), passphrase->size()) == 1;
  }
  unsigned char* data = nullptr;
  size_t length = 0;
  ok = ok && OSSL_ENCODER_to_data(ctx, &data, &length) == 1;
  OSSL_ENCODER_CTX_free(ctx);
  if (!ok) return crypto::throwNodeOpensslError(isolate, "Failed to encode the key");
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, {data, length}));
  OPENSSL_free(data);
}

void opCryptoNodeKeyDetails(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoNodeKeyDetails");
  if (key == nullptr) return;
  EVP_PKEY* pkey = key->pkey.get();
  v8::Local<v8::Object> out = v8::Object::New(isolate);
  const char* type = nodeKeyType(pkey);
  if (!setValue(out, "private", v8::Boolean::New(isolate, key->is_private))) return;
  if (type != nullptr && !setValue(out, "type", runtime::newString(isolate, type))) return;
  const int id = EVP_PKEY_get_base_id(pkey);
  if (id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS) {
    BIGNUM* e = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) != 1) {
      return crypto::throwInternalError(isolate, "RSA public exponent");
    }
    BignumPtr owned(e);
    if (!setValue(out, "modulusLength", v8::Integer::New(isolate, EVP_PKEY_get_bits(pkey))) ||
        !setValue(out, "publicExponent", runtime::newUint8Array(isolate, crypto::bignumBytes(e))) ||
        (id == EVP_PKEY_RSA_PSS && !addPssDetails(pkey, out))) {
      return;
    }
  } else if (id == EVP_PKEY_EC) {
    std::string group = stringParam(pkey, OSSL_PKEY_PARAM_GROUP_NAME);
    if (!setValue(out, "namedCurve", runtime::newString(isolate, group))) return;
  } else if (id == EVP_PKEY_DSA || id == EVP_PKEY_DH) {
    if (!setValue(out, "modulusLength", v8::Integer::New(isolate, EVP_PKEY_get_bits(pkey)))) {
      return;
    }
  }
  info.GetReturnValue().Set(out);
}

void opCryptoNodeKeyEquals(const OpInfo& info) {
  auto* a = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoNodeKeyEquals");
  if (a == nullptr) return;
  auto* b = crypto::handleArg<AsymmetricKey>(info, 1, "cryptoNodeKeyEquals");
  if (b == nullptr) return;
  bool equal = a->is_private == b->is_private && EVP_PKEY_eq(a->pkey.get(), b->pkey.get()) == 1;
  ERR_clear_error();
  info.GetReturnValue().Set(equal);
}

void opCryptoNodeKeyGenerate(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  const std::string type = crypto::stringArg(info, 0);
  PkeyPtr private_key;
  if (type == "rsa" || type == "rsa-pss") {
    int bits = info[1]->Int32Value(isolate->GetCurrentContext()).FromMaybe(0);
    BignumPtr exponent;
    if (!info[2]->IsUndefined()) {
      auto bytes = crypto::bytesArg(info, 2, "cryptoNodeKeyGenerate");
      if (!bytes) return;
      exponent.reset(BN_bin2bn(bytes->data(), static_cast<int>(bytes->size()), nullptr));
    }
    private_key = generateRsa(type == "rsa" ? "RSA" : "RSA-PSS", bits, exponent.get(), info);
  } else if (type == "ec") {
    std::string group = ecGroupName(crypto::stringArg(info, 1));
    if (group.empty()) return;  // undefined: JS throws ERR_CRYPTO_INVALID_CURVE
    private_key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group.c_str()));
  } else if (type == "ed25519" || type == "ed448" || type == "x25519" || type == "x448") {
    std::string name = type;
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    private_key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, name.c_str()));
  } else {
    return crypto::throwBadArgument(isolate, "cryptoNodeKeyGenerate", 0);
  }
  PkeyPtr public_key = private_key ? crypto::publicHalf(private_key.get()) : nullptr;
  if (!public_key) return crypto::throwNodeOpensslError(isolate, "Key generation failed");
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

void opCryptoNodeEcKey(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  std::string group_name = ecGroupName(crypto::stringArg(info, 0));
  if (group_name.empty()) return;
  EC_GROUP* group = EC_GROUP_new_by_curve_name(OBJ_sn2nid(group_name.c_str()));
  EC_POINT* point = group != nullptr ? EC_POINT_new(group) : nullptr;
  BignumPtr scalar;
  bool ok = point != nullptr;
  if (ok && !info[2]->IsUndefined()) {
    auto bytes = crypto::bytesArg(info, 2, "cryptoNodeEcKey");
    if (!bytes) ok = false;
    if (ok) scalar.reset(BN_bin2bn(bytes->data(), static_cast<int>(bytes->size()), nullptr));
    ok = ok && scalar && !BN_is_zero(scalar.get()) &&
         BN_cmp(scalar.get(), EC_GROUP_get0_order(group)) < 0 &&
         EC_POINT_mul(group, point, scalar.get(), nullptr, nullptr, nullptr) == 1;
  } else if (ok) {
    auto bytes = crypto::bytesArg(info, 1, "cryptoNodeEcKey");
    ok = bytes && EC_POINT_oct2point(group, point, bytes->data(), bytes->size(), nullptr) == 1;
  }
  std::vector<uint8_t> encoded;
  if (ok) {
    size_t size =
        EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, nullptr, 0, nullptr);
    encoded.resize(size);
    ok = size > 0 && EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, encoded.data(),
                                        size, nullptr) == size;
  }
  EC_POINT_free(point);
  EC_GROUP_free(group);
  if (!ok) return;  // undefined: not a valid point or scalar for the curve
  crypto::ParamBldPtr build(OSSL_PARAM_BLD_new());
  if (!build ||
      OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, group_name.c_str(),
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded.data(),
                                       encoded.size()) != 1 ||
      (scalar &&
       OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar.get()) != 1)) {
    return crypto::throwInternalError(info.GetIsolate(), "EC key parameters");
  }
  crypto::ParamsPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  PkeyPtr pkey =
      crypto::pkeyFromParams("EC", scalar ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get());
  if (!pkey) return;
  crypto::returnHandle(info, AsymmetricKey{std::move(pkey), scalar != nullptr});
}

void opCryptoNodeEcPoint(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoNodeEcPoint");
  if (key == nullptr) return;
  const std::string form = crypto::stringArg(info, 1);
  point_conversion_form_t conversion = form == "compressed" ? POINT_CONVERSION_COMPRESSED
                                       : form == "hybrid"   ? POINT_CONVERSION_HYBRID
                                                            : POINT_CONVERSION_UNCOMPRESSED;
  uint8_t encoded[256];
  size_t size = 0;
  if (EVP_PKEY_get_octet_string_param(key->pkey.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded,
                                      sizeof encoded, &size) != 1) {
    return crypto::throwInternalError(isolate, "EC public point");
  }
  EC_GROUP* group = groupOf(key->pkey.get());
  EC_POINT* point = group != nullptr ? EC_POINT_new(group) : nullptr;
  std::vector<uint8_t> out(sizeof encoded);
  size_t written = 0;
  if (point != nullptr && EC_POINT_oct2point(group, point, encoded, size, nullptr) == 1) {
    written = EC_POINT_point2oct(group, point, conversion, out.data(), out.size(), nullptr);
  }
  EC_POINT_free(point);
  EC_GROUP_free(group);
  if (written == 0) return crypto::throwInternalError(isolate, "EC point conversion");
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, {out.data(), written}));
}

void opCryptoNodeEcScalar(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* key = crypto::handleArg<AsymmetricKey>(info, 0, "cryptoNodeEcScalar");
  if (key == nullptr) return;
  BIGNUM* d = nullptr;
  EC_GROUP* group = groupOf(key->pkey.get());
  if (group == nullptr ||
      EVP_PKEY_get_bn_param(key->pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY, &d) != 1) {
    EC_GROUP_free(group);
    return crypto::throwInternalError(isolate, "EC private scalar");
  }
  BignumPtr owned(d);
  size_t field = static_cast<size_t>((EC_GROUP_get_degree(group) + 7) / 8);
  EC_GROUP_free(group);
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, crypto::bignumBytes(d, field)));
}

}  // namespace edged::api
