#pragma once
// Certificates made at test time with OpenSSL: a CA and a server certificate it signed for the
// given names, so TLS tests need no files from the repository and no outside network.

#include <openssl/ssl.h>

#include <string>
#include <vector>

namespace edged::net::testing {

struct TestCertificates {
  std::string ca_pem;    // trust this (SSL_CERT_FILE)
  std::string cert_pem;  // the server's certificate, signed by the CA
  std::string key_pem;   // its private key
};

// `subject_alt_names` in OpenSSL's syntax, e.g. {"DNS:localhost", "IP:127.0.0.1"}.
TestCertificates makeTestCertificates(const std::vector<std::string>& subject_alt_names);

// A TLS server context presenting `certificates` (free with SSL_CTX_free).
SSL_CTX* makeServerContext(const TestCertificates& certificates);

// Writes `pem` to a fresh temporary file and returns its path.
std::string writeTempFile(const std::string& pem);

}  // namespace edged::net::testing
