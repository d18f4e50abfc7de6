#pragma once
// SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it (docs §55.3.2): no channel binding
// ("n,,"), the user name left empty in the messages (the startup message already named it).
// ScramClient authenticates the pool to the origin; ScramServer checks a Worker's client
// against the password edged generated. No I/O; nonces are passed in so tests can fix them.

#include <string>
#include <string_view>

#include "edged/util/result.h"

namespace edged::bindings::hyperdrive {

// What a server keeps of a password (RFC 5802 §3): never the password itself.
struct ScramVerifier {
  std::string salt;  // raw bytes
  int iterations = 4096;
  std::string stored_key;  // H(ClientKey)
  std::string server_key;  // HMAC(SaltedPassword, "Server Key")

  static ScramVerifier fromPassword(std::string_view password, std::string salt, int iterations);
};

class ScramClient {
 public:
  // `nonce`: printable, no ','.
  ScramClient(std::string password, std::string nonce);
  // client-first-message: "n,,n=<user>,r=<nonce>".
  std::string clientFirst(std::string_view user = "");
  // server-first-message → client-final-message (with the proof).
  Result<std::string> clientFinal(std::string_view server_first);
  // server-final-message: the server proved it knows the password too.
  Status verifyServerFinal(std::string_view server_final) const;

 private:
  std::string password_;
  std::string nonce_;
  std::string client_first_bare_;
  std::string expected_server_signature_;
};

class ScramServer {
 public:
  // `nonce`: this side's part of the combined nonce.
  ScramServer(const ScramVerifier& verifier, std::string nonce) : verifier_(verifier), nonce_(std::move(nonce)) {}
  // client-first-message → server-first-message.
  Result<std::string> serverFirst(std::string_view client_first);
  // client-final-message → server-final-message when the proof is right; an error when not.
  Result<std::string> serverFinal(std::string_view client_final);

 private:
  const ScramVerifier& verifier_;
  std::string nonce_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string combined_nonce_;
};

std::string base64Encode(std::string_view bytes);
Result<std::string> base64Decode(std::string_view text);
// `count` random bytes as printable nonce text (base64 without '/' issues: SCRAM allows it).
std::string randomNonce(size_t count = 18);
std::string randomBytes(size_t count);

}  // namespace edged::bindings::hyperdrive
