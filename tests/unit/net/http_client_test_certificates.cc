#include "http_client_test_certificates.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace edged::net::testing {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Free>;
using CertPtr = std::unique_ptr<X509, Free>;

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test certificates: ") + what);
}

void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  require(ext != nullptr && X509_add_ext(cert, ext, -1) == 1, "extension");
  X509_EXTENSION_free(ext);
}

// Unsigned: the caller adds extensions, then signs with the issuer's key.
CertPtr makeCertificate(EVP_PKEY* key, const char* common_name, X509* issuer, long serial) {
  CertPtr cert(X509_new());
  require(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);  // v3
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  return cert;
}

std::string toPem(X509* cert) {
  std::unique_ptr<BIO, Free> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

std::string toPem(EVP_PKEY* key) {
  std::unique_ptr<BIO, Free> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

}  // namespace

TestCertificates makeTestCertificates(const std::vector<std::string>& subject_alt_names) {
  KeyPtr ca_key(EVP_EC_gen("P-256"));
  KeyPtr key(EVP_EC_gen("P-256"));
  require(ca_key && key, "key generation");

  CertPtr ca = makeCertificate(ca_key.get(), "edged test CA", nullptr, 1);
  addExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
  addExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  addExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  require(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0, "sign CA");

  CertPtr cert = makeCertificate(key.get(), "edged test server", ca.get(), 2);
  std::string names;
  for (const std::string& san : subject_alt_names) names += (names.empty() ? "" : ",") + san;
  addExtension(cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  addExtension(cert.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  addExtension(cert.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  if (!names.empty()) addExtension(cert.get(), ca.get(), NID_subject_alt_name, names);
  require(X509_sign(cert.get(), ca_key.get(), EVP_sha256()) > 0, "sign certificate");

  return {toPem(ca.get()), toPem(cert.get()), toPem(key.get())};
}

SSL_CTX* makeServerContext(const TestCertificates& certificates) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  std::unique_ptr<BIO, Free> cert_bio(
      BIO_new_mem_buf(certificates.cert_pem.data(), static_cast<int>(certificates.cert_pem.size())));
  std::unique_ptr<BIO, Free> key_bio(
      BIO_new_mem_buf(certificates.key_pem.data(), static_cast<int>(certificates.key_pem.size())));
  CertPtr cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  KeyPtr key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  require(ctx != nullptr && cert && key, "server context");
  require(SSL_CTX_use_certificate(ctx, cert.get()) == 1 && SSL_CTX_use_PrivateKey(ctx, key.get()) == 1,
          "server certificate");
  return ctx;
}

std::string writeTempFile(const std::string& pem) {
  char path[] = "/tmp/edged-test-ca-XXXXXX";
  int fd = mkstemp(path);
  require(fd >= 0, "mkstemp");
  require(::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size()), "write");
  ::close(fd);
  return path;
}

}  // namespace edged::net::testing
