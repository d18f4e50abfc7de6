#include "edged/bindings/hyperdrive/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <charconv>

namespace edged::bindings::hyperdrive {
namespace {

std::string hmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
  return std::string(reinterpret_cast<char*>(out), length);
}

std::string sha256(std::string_view data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

// Hi() of RFC 5802 §2.2 is PBKDF2 with HMAC-SHA-256. PostgreSQL runs SASLprep on the password
// first; for the ASCII passwords edged generates and most real ones it is the identity.
std::string saltedPassword(std::string_view password, std::string_view salt, int iterations) {
  unsigned char out[32];
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                    iterations, EVP_sha256(), sizeof out, out);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string xorBytes(std::string_view a, std::string_view b) {
  std::string out(a);
  for (size_t i = 0; i < out.size() && i < b.size(); ++i) out[i] = static_cast<char>(out[i] ^ b[i]);
  return out;
}

// "k=value" attributes separated by ','; the value of `key`, or nullopt-like empty with found=false.
bool attribute(std::string_view message, char key, std::string_view& value) {
  while (!message.empty()) {
    size_t comma = message.find(',');
    std::string_view part = message.substr(0, comma);
    if (part.size() >= 2 && part[0] == key && part[1] == '=') {
      value = part.substr(2);
      return true;
    }
    if (comma == std::string_view::npos) break;
    message = message.substr(comma + 1);
  }
  return false;
}

}  // namespace

ScramVerifier ScramVerifier::fromPassword(std::string_view password, std::string salt, int iterations) {
  ScramVerifier verifier;
  std::string salted = saltedPassword(password, salt, iterations);
  verifier.salt = std::move(salt);
  verifier.iterations = iterations;
  verifier.stored_key = sha256(hmacSha256(salted, "Client Key"));
  verifier.server_key = hmacSha256(salted, "Server Key");
  return verifier;
}

ScramClient::ScramClient(std::string password, std::string nonce)
    : password_(std::move(password)), nonce_(std::move(nonce)) {}

std::string ScramClient::clientFirst(std::string_view user) {
  client_first_bare_ = "n=" + std::string(user) + ",r=" + nonce_;
  return "n,," + client_first_bare_;
}

Result<std::string> ScramClient::clientFinal(std::string_view server_first) {
  std::string_view nonce, salt_text, iterations_text;
  if (!attribute(server_first, 'r', nonce) || !attribute(server_first, 's', salt_text) ||
      !attribute(server_first, 'i', iterations_text)) {
    return makeError("malformed SCRAM server-first-message");
  }
  if (!nonce.starts_with(nonce_) || nonce.size() == nonce_.size()) {
    return makeError("the server's SCRAM nonce does not extend the client's");
  }
  int iterations = 0;
  auto [end, ec] = std::from_chars(iterations_text.data(), iterations_text.data() + iterations_text.size(), iterations);
  if (ec != std::errc{} || end != iterations_text.data() + iterations_text.size() || iterations < 1 ||
      iterations > 10'000'000) {
    return makeError("malformed SCRAM iteration count");
  }
  auto salt = base64Decode(salt_text);
  if (!salt.ok()) return makeError("malformed SCRAM salt");
  std::string salted = saltedPassword(password_, salt.value(), iterations);
  std::string client_key = hmacSha256(salted, "Client Key");
  std::string stored_key = sha256(client_key);
  std::string without_proof = "c=biws,r=" + std::string(nonce);
  std::string auth_message = client_first_bare_ + "," + std::string(server_first) + "," + without_proof;
  std::string client_signature = hmacSha256(stored_key, auth_message);
  expected_server_signature_ = hmacSha256(hmacSha256(salted, "Server Key"), auth_message);
  return without_proof + ",p=" + base64Encode(xorBytes(client_key, client_signature));
}

Status ScramClient::verifyServerFinal(std::string_view server_final) const {
  std::string_view error;
  if (attribute(server_final, 'e', error)) return makeError("SCRAM authentication failed: " + std::string(error));
  std::string_view signature;
  if (!attribute(server_final, 'v', signature)) return makeError("malformed SCRAM server-final-message");
  auto decoded = base64Decode(signature);
  if (!decoded.ok() || decoded.value() != expected_server_signature_ || expected_server_signature_.empty()) {
    return makeError("the server's SCRAM signature is wrong");
  }
  return Ok{};
}

Result<std::string> ScramServer::serverFirst(std::string_view client_first) {
  // gs2-header: "n,," (no channel binding) or "y,," (client could but thinks we cannot).
  if (!(client_first.starts_with("n,,") || client_first.starts_with("y,,"))) {
    return makeError("SCRAM channel binding is not supported");
  }
  client_first_bare_ = std::string(client_first.substr(3));
  std::string_view client_nonce;
  if (!attribute(client_first_bare_, 'r', client_nonce) || client_nonce.empty()) {
    return makeError("malformed SCRAM client-first-message");
  }
  combined_nonce_ = std::string(client_nonce) + nonce_;
  server_first_ = "r=" + combined_nonce_ + ",s=" + base64Encode(verifier_.salt) + ",i=" +
                  std::to_string(verifier_.iterations);
  return server_first_;
}

Result<std::string> ScramServer::serverFinal(std::string_view client_final) {
  size_t proof_at = client_final.rfind(",p=");
  if (server_first_.empty() || proof_at == std::string_view::npos) {
    return makeError("malformed SCRAM client-final-message");
  }
  std::string_view without_proof = client_final.substr(0, proof_at);
  std::string_view nonce, binding;
  if (!attribute(without_proof, 'r', nonce) || nonce != combined_nonce_) return makeError("SCRAM nonce mismatch");
  if (!attribute(without_proof, 'c', binding) || (binding != "biws" && binding != "eSws")) {
    return makeError("SCRAM channel binding is not supported");
  }
  auto proof = base64Decode(client_final.substr(proof_at + 3));
  if (!proof.ok() || proof->size() != 32) return makeError("malformed SCRAM proof");
  std::string auth_message = client_first_bare_ + "," + server_first_ + "," + std::string(without_proof);
  std::string client_signature = hmacSha256(verifier_.stored_key, auth_message);
  std::string client_key = xorBytes(proof.value(), client_signature);
  std::string stored = sha256(client_key);
  if (CRYPTO_memcmp(stored.data(), verifier_.stored_key.data(), stored.size()) != 0) {
    return makeError("password authentication failed");
  }
  return "v=" + base64Encode(hmacSha256(verifier_.server_key, auth_message));
}

std::string base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

Result<std::string> base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return makeError("bad base64");
  std::string out(3 * text.size() / 4, '\0');
  int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (written < 0) return makeError("bad base64");
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(written) - padding);
  return out;
}

std::string randomBytes(size_t count) {
  std::string out(count, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count));
  return out;
}

std::string randomNonce(size_t count) { return base64Encode(randomBytes(count)); }

}  // namespace edged::bindings::hyperdrive
