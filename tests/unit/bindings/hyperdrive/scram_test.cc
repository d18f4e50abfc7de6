#include "edged/bindings/hyperdrive/scram.h"

#include <gtest/gtest.h>

namespace edged::bindings::hyperdrive {
namespace {

// RFC 7677 §3: user "user", password "pencil".
constexpr std::string_view kClientNonce = "rOprNGfwEbeRWgbNEkqO";
constexpr std::string_view kServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr std::string_view kServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr std::string_view kClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr std::string_view kServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

TEST(Scram, ClientMatchesRfc7677) {
  ScramClient client("pencil", std::string(kClientNonce));
  EXPECT_EQ(client.clientFirst("user"), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  auto final_message = client.clientFinal(kServerFirst);
  ASSERT_TRUE(final_message.ok()) << final_message.error().message;
  EXPECT_EQ(final_message.value(), kClientFinal);
  EXPECT_TRUE(client.verifyServerFinal(kServerFinal).ok());
  EXPECT_FALSE(client.verifyServerFinal("v=AAAA").ok());
  EXPECT_EQ(client.verifyServerFinal("e=invalid-proof").error().message,
            "SCRAM authentication failed: invalid-proof");
}

TEST(Scram, ServerMatchesRfc7677) {
  auto salt = base64Decode("W22ZaJ0SNY7soEsUEjb6gQ==");
  ASSERT_TRUE(salt.ok());
  ScramVerifier verifier = ScramVerifier::fromPassword("pencil", salt.value(), 4096);
  ScramServer server(verifier, std::string(kServerNonce));
  auto first = server.serverFirst("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first.value(), kServerFirst);
  auto final_message = server.serverFinal(kClientFinal);
  ASSERT_TRUE(final_message.ok()) << final_message.error().message;
  EXPECT_EQ(final_message.value(), kServerFinal);
}

TEST(Scram, ServerRefusesAWrongPassword) {
  ScramVerifier verifier = ScramVerifier::fromPassword("right", randomBytes(16), 4096);
  ScramServer server(verifier, randomNonce());
  ScramClient client("wrong", randomNonce());
  auto first = server.serverFirst(client.clientFirst());
  ASSERT_TRUE(first.ok());
  auto proof = client.clientFinal(first.value());
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(server.serverFinal(proof.value()).error().message, "password authentication failed");
}

TEST(Scram, ClientAndServerAgree) {
  ScramVerifier verifier = ScramVerifier::fromPassword("generated", randomBytes(16), 4096);
  ScramServer server(verifier, randomNonce());
  ScramClient client("generated", randomNonce());
  auto first = server.serverFirst(client.clientFirst());
  auto proof = client.clientFinal(first.value());
  auto final_message = server.serverFinal(proof.value());
  ASSERT_TRUE(final_message.ok());
  EXPECT_TRUE(client.verifyServerFinal(final_message.value()).ok());
}

TEST(Scram, ServerRefusesChannelBindingAndGarbage) {
  ScramVerifier verifier = ScramVerifier::fromPassword("x", "salt", 4096);
  ScramServer server(verifier, "n");
  EXPECT_FALSE(server.serverFirst("p=tls-server-end-point,,n=,r=abc").ok());
  EXPECT_FALSE(server.serverFirst("n,,n=").ok());
  EXPECT_FALSE(server.serverFinal("c=biws,r=x,p=AAAA").ok());
}

}  // namespace
}  // namespace edged::bindings::hyperdrive
