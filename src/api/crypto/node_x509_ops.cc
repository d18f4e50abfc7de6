// node:crypto's X509Certificate: reading a PEM or DER certificate and describing it the way
// Node does (its name, time and fingerprint formats), and the checks Node offers on it.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <v8-container.h>
#include <v8-object.h>
#include <v8-primitive.h>

#include <string>
#include <vector>

#include "crypto_errors.h"
#include "edged/api/crypto/node_crypto_key_ops.h"
#include "edged/runtime/js_values.h"
#include "node_openssl_error.h"
#include "op_args.h"

namespace edged::api {
namespace {

using OpInfo = v8::FunctionCallbackInfo<v8::Value>;
using X509Ptr = std::unique_ptr<X509, crypto::OpensslDeleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, crypto::OpensslDeleter<BIO, BIO_free_all>>;

// Node's flags for printing names one attribute a line ("C=US\nCN=example.com").
constexpr unsigned long kNameFlags = ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL |
                                     ASN1_STRFLGS_UTF8_CONVERT | XN_FLAG_SEP_MULTILINE |
                                     XN_FLAG_FN_SN;

// The certificate in argument `i` (PEM or DER); null when it is none.
X509Ptr certificateArg(const OpInfo& info, int i) {
  auto bytes = crypto::bytesArg(info, i, "cryptoNodeX509");
  if (!bytes) return nullptr;
  BioPtr bio(BIO_new_mem_buf(bytes->data(), static_cast<int>(bytes->size())));
  X509Ptr cert(bio ? PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (cert) return cert;
  const unsigned char* cursor = bytes->data();
  return X509Ptr(d2i_X509(nullptr, &cursor, static_cast<long>(bytes->size())));
}

// What `print` wrote into a memory BIO.
template <typename Print>
std::string printed(Print print) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || !print(bio.get())) return {};
  BUF_MEM* mem = nullptr;
  BIO_get_mem_ptr(bio.get(), &mem);
  return mem == nullptr ? std::string() : std::string(mem->data, mem->length);
}

std::string nameText(const X509_NAME* name) {
  return printed([&](BIO* bio) { return X509_NAME_print_ex(bio, name, 0, kNameFlags) >= 0; });
}

std::string timeText(const ASN1_TIME* time) {
  return printed([&](BIO* bio) { return ASN1_TIME_print(bio, time) == 1; });
}

// The extension `nid` as OpenSSL prints it ("DNS:example.com, IP Address:127.0.0.1"), or
// empty when the certificate has none.
std::string extensionText(X509* cert, int nid) {
  int index = X509_get_ext_by_NID(cert, nid, -1);
  if (index < 0) return {};
  X509_EXTENSION* ext = X509_get_ext(cert, index);
  return printed([&](BIO* bio) { return X509V3_EXT_print(bio, ext, 0, 0) == 1; });
}

// "AB:CD:…" of the certificate's digest under `md`.
std::string fingerprint(X509* cert, const EVP_MD* md) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (X509_digest(cert, md, digest, &size) != 1) return {};
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    if (i > 0) out += ':';
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

bool set(v8::Local<v8::Object> out, const char* name, v8::Local<v8::Value> value) {
  v8::Isolate* isolate = out->GetIsolate();
  return out->Set(isolate->GetCurrentContext(), runtime::newString(isolate, name), value).IsJust();
}

// Sets `name` to `text`, or to undefined when `text` is empty.
bool setText(v8::Local<v8::Object> out, const char* name, const std::string& text) {
  v8::Isolate* isolate = out->GetIsolate();
  if (text.empty()) return set(out, name, v8::Undefined(isolate));
  return set(out, name, runtime::newString(isolate, text));
}

// The extended key usage OIDs, Node's `keyUsage`.
v8::Local<v8::Value> extendedKeyUsage(v8::Isolate* isolate, X509* cert) {
  auto* usages =
      static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
  if (usages == nullptr) return v8::Undefined(isolate);
  std::vector<v8::Local<v8::Value>> oids;
  for (int i = 0; i < sk_ASN1_OBJECT_num(usages); ++i) {
    char oid[128];
    if (OBJ_obj2txt(oid, sizeof oid, sk_ASN1_OBJECT_value(usages, i), 1) > 0) {
      oids.push_back(runtime::newString(isolate, oid));
    }
  }
  sk_ASN1_OBJECT_pop_free(usages, ASN1_OBJECT_free);
  return v8::Array::New(isolate, oids.data(), oids.size());
}

}  // namespace

void opCryptoNodeX509Parse(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  X509Ptr cert = certificateArg(info, 0);
  if (!cert) return crypto::throwNodeOpensslError(isolate, "Failed to read the certificate");
  unsigned char* der = nullptr;
  int der_size = i2d_X509(cert.get(), &der);
  if (der_size <= 0) return crypto::throwInternalError(isolate, "certificate DER");
  v8::Local<v8::ArrayBuffer> raw =
      crypto::newArrayBuffer(isolate, {der, static_cast<size_t>(der_size)});
  OPENSSL_free(der);
  std::string pem = printed([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()) == 1; });
  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr);
  char* serial_hex = serial != nullptr ? BN_bn2hex(serial) : nullptr;
  std::string serial_text = serial_hex != nullptr ? serial_hex : "";
  OPENSSL_free(serial_hex);
  BN_free(serial);
  crypto::PkeyPtr key(X509_get_pubkey(cert.get()));
  v8::Local<v8::Value> key_handle = v8::Undefined(isolate);
  if (key) {
    v8::Local<v8::Object> handle;
    if (!crypto::wrapNative(isolate, crypto::AsymmetricKey{std::move(key), false})
             .ToLocal(&handle)) {
      return;
    }
    key_handle = handle;
  }
  v8::Local<v8::Object> out = v8::Object::New(isolate);
  if (!set(out, "raw", raw) || !setText(out, "pem", pem) ||
      !setText(out, "subject", nameText(X509_get_subject_name(cert.get()))) ||
      !setText(out, "issuer", nameText(X509_get_issuer_name(cert.get()))) ||
      !setText(out, "subjectAltName", extensionText(cert.get(), NID_subject_alt_name)) ||
      !setText(out, "infoAccess", extensionText(cert.get(), NID_info_access)) ||
      !setText(out, "validFrom", timeText(X509_get0_notBefore(cert.get()))) ||
      !setText(out, "validTo", timeText(X509_get0_notAfter(cert.get()))) ||
      !setText(out, "serialNumber", serial_text) ||
      !setText(out, "fingerprint", fingerprint(cert.get(), EVP_sha1())) ||
      !setText(out, "fingerprint256", fingerprint(cert.get(), EVP_sha256())) ||
      !setText(out, "fingerprint512", fingerprint(cert.get(), EVP_sha512())) ||
      !set(out, "ca", v8::Boolean::New(isolate, X509_check_ca(cert.get()) == 1)) ||
      !set(out, "keyUsage", extendedKeyUsage(isolate, cert.get())) ||
      !set(out, "publicKey", key_handle)) {
    return;
  }
  info.GetReturnValue().Set(out);
}

void opCryptoNodeX509Check(const OpInfo& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  X509Ptr cert = certificateArg(info, 0);
  if (!cert) return crypto::throwBadArgument(isolate, "cryptoNodeX509Check", 0);
  const std::string what = crypto::stringArg(info, 1);
  if (what == "verify" || what == "privateKey") {
    auto* key = crypto::handleArg<crypto::AsymmetricKey>(info, 2, "cryptoNodeX509Check");
    if (key == nullptr) return;
    bool ok = what == "verify" ? X509_verify(cert.get(), key->pkey.get()) == 1
                               : X509_check_private_key(cert.get(), key->pkey.get()) == 1;
    return info.GetReturnValue().Set(ok);
  }
  if (what == "issued") {
    X509Ptr issuer = certificateArg(info, 2);
    if (!issuer) return crypto::throwBadArgument(isolate, "cryptoNodeX509Check", 2);
    return info.GetReturnValue().Set(X509_check_issued(issuer.get(), cert.get()) == X509_V_OK);
  }
  const std::string subject = crypto::stringArg(info, 2);
  int matched = 0;
  char* peer = nullptr;
  if (what == "host") {
    matched = X509_check_host(cert.get(), subject.data(), subject.size(), 0, &peer);
  } else if (what == "email") {
    matched = X509_check_email(cert.get(), subject.data(), subject.size(), 0);
  } else if (what == "ip") {
    matched = X509_check_ip_asc(cert.get(), subject.c_str(), 0);
  } else {
    return crypto::throwBadArgument(isolate, "cryptoNodeX509Check", 1);
  }
  // Node answers with the name that matched (the certificate's, for a wildcard host).
  if (matched == 1) {
    info.GetReturnValue().Set(runtime::newString(isolate, peer != nullptr ? peer : subject));
  }
  OPENSSL_free(peer);
}

}  // namespace edged::api
