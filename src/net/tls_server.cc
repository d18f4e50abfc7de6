#include "edged/net/tls_server.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <fmt/format.h>

#include <algorithm>

#include "edged/util/assert.h"

namespace edged::net {
namespace {

constexpr size_t kReadChunk = 16 * 1024;  // one TLS record's plaintext at most

std::string opensslReason(std::string_view fallback) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return std::string(fallback);
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : fmt::format("error {:#x}", code);
}

bool nameMatches(std::string_view pattern, std::string_view name) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
  };
  std::string p = lower(pattern), n = lower(name);
  if (p.starts_with("*.")) {
    size_t dot = n.find('.');
    return dot != std::string::npos && dot > 0 && n.substr(dot) == p.substr(1);
  }
  return p == n;
}

// SNI (RFC 6066 §3): switch the connection to the certificate that names the requested host.
int onServerName(SSL* ssl, int*, void* arg) {
  const auto* context = static_cast<const TlsServerContext*>(arg);
  const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (name == nullptr) return SSL_TLSEXT_ERR_OK;
  if (SSL_CTX* chosen = context->contextFor(name)) SSL_set_SSL_CTX(ssl, chosen);
  return SSL_TLSEXT_ERR_OK;
}

// ALPN (RFC 7301): edged speaks HTTP/1.1 only; a client offering only h2 gets no ALPN at all.
int onAlpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
           unsigned int inlen, void*) {
  static constexpr unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outlen, kHttp11, sizeof kHttp11, in, inlen) !=
      OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

Result<std::shared_ptr<const TlsServerContext>> TlsServerContext::create(
    std::vector<TlsCertificate> certificates) {
  if (certificates.empty()) return makeError("TLS needs at least one certificate");
  std::shared_ptr<TlsServerContext> context(new TlsServerContext());
  for (const TlsCertificate& certificate : certificates) {
    ERR_clear_error();
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == nullptr) return makeError("TLS setup failed: " + opensslReason("SSL_CTX_new"));
    context->contexts_.push_back(ctx);
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    std::string cert = certificate.certificate_file.string();
    std::string key = certificate.key_file.string();
    if (SSL_CTX_use_certificate_chain_file(ctx, cert.c_str()) != 1) {
      return makeError(cert + ": cannot load the TLS certificate: " + opensslReason("unknown error"));
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1) {
      std::string reason = opensslReason("unknown error");
      // OpenSSL compares the key with the certificate as it loads it.
      if (reason.find("mismatch") == std::string::npos) {
        return makeError(key + ": cannot load the TLS private key: " + reason);
      }
      return makeError(key + ": the private key does not match the certificate " + cert);
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
      return makeError(key + ": the private key does not match the certificate " + cert);
    }
    SSL_CTX_set_tlsext_servername_callback(ctx, onServerName);
    SSL_CTX_set_tlsext_servername_arg(ctx, context.get());
    SSL_CTX_set_alpn_select_cb(ctx, onAlpn, nullptr);
  }
  context->certificates_ = std::move(certificates);
  return std::shared_ptr<const TlsServerContext>(std::move(context));
}

TlsServerContext::~TlsServerContext() {
  for (SSL_CTX* ctx : contexts_) SSL_CTX_free(ctx);
}

SSL_CTX* TlsServerContext::contextFor(std::string_view server_name) const {
  // Exact names first, then wildcards, so "api.example.com" beats "*.example.com".
  for (bool wildcard : {false, true}) {
    for (size_t i = 0; i < certificates_.size(); ++i) {
      for (const std::string& name : certificates_[i].server_names) {
        if (name.starts_with("*.") == wildcard && nameMatches(name, server_name)) return contexts_[i];
      }
    }
  }
  return nullptr;
}

TlsServerSession::TlsServerSession(std::shared_ptr<const TlsServerContext> context)
    : context_(std::move(context)) {
  ssl_ = SSL_new(context_->defaultContext());
  EDGED_ASSERT(ssl_ != nullptr);
  network_in_ = BIO_new(BIO_s_mem());
  network_out_ = BIO_new(BIO_s_mem());
  EDGED_ASSERT(network_in_ != nullptr && network_out_ != nullptr);
  BIO_set_mem_eof_return(network_in_, -1);  // no ciphertext yet means "retry", not EOF
  SSL_set_bio(ssl_, network_in_, network_out_);
  SSL_set_accept_state(ssl_);
}

TlsServerSession::~TlsServerSession() { SSL_free(ssl_); }

Status TlsServerSession::receive(std::string_view ciphertext, std::string* plaintext) {
  while (!ciphertext.empty()) {
    int written = BIO_write(network_in_, ciphertext.data(), static_cast<int>(ciphertext.size()));
    if (written <= 0) return makeError("TLS: cannot buffer the received bytes");
    ciphertext.remove_prefix(static_cast<size_t>(written));
  }
  ERR_clear_error();
  for (;;) {
    size_t old_size = plaintext->size();
    plaintext->resize(old_size + kReadChunk);
    size_t got = 0;
    int result = SSL_read_ex(ssl_, plaintext->data() + old_size, kReadChunk, &got);
    plaintext->resize(old_size + got);
    if (result == 1) continue;
    int error = SSL_get_error(ssl_, 0);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return Ok{};
    if (error == SSL_ERROR_ZERO_RETURN) {
      peer_closed_ = true;
      return Ok{};
    }
    return makeError("TLS: " + opensslReason("the connection failed"));
  }
}

Status TlsServerSession::send(std::string_view plaintext) {
  ERR_clear_error();
  while (!plaintext.empty()) {
    size_t written = 0;
    if (SSL_write_ex(ssl_, plaintext.data(), plaintext.size(), &written) != 1) {
      return makeError("TLS: " + opensslReason("cannot encrypt"));
    }
    plaintext.remove_prefix(written);
  }
  return Ok{};
}

void TlsServerSession::shutdown() {
  ERR_clear_error();
  if (SSL_is_init_finished(ssl_)) (void)SSL_shutdown(ssl_);
  ERR_clear_error();
}

std::string TlsServerSession::takeOutput() {
  std::string out;
  size_t pending = BIO_ctrl_pending(network_out_);
  if (pending == 0) return out;
  out.resize(pending);
  int read = BIO_read(network_out_, out.data(), static_cast<int>(pending));
  out.resize(read > 0 ? static_cast<size_t>(read) : 0);
  return out;
}

}  // namespace edged::net
