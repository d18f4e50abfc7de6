#include "edged/bindings/hyperdrive/connection_url.h"

#include <gtest/gtest.h>

namespace edged::bindings::hyperdrive {
namespace {

TEST(ConnectionUrl, AllParts) {
  auto url = parseConnectionUrl("postgresql://app:s3cret@db.internal:6543/shop?sslmode=require&application_name=x");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->host, "db.internal");
  EXPECT_EQ(url->port, 6543);
  EXPECT_EQ(url->user, "app");
  EXPECT_EQ(url->password, "s3cret");
  EXPECT_EQ(url->database, "shop");
  EXPECT_EQ(url->ssl_mode, SslMode::kRequire);
  EXPECT_EQ(parseConnectionUrl("postgres://u@h/d?sslmode=verify-full")->ssl_mode, SslMode::kVerify);
}

TEST(ConnectionUrl, DefaultsAndPercentDecoding) {
  auto url = parseConnectionUrl("postgres://us%40er:p%3Aw%2Fd%40@127.0.0.1");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->user, "us@er");
  EXPECT_EQ(url->password, "p:w/d@");
  EXPECT_EQ(url->port, 5432);
  EXPECT_EQ(url->database, "us@er");  // libpq: the user name
  EXPECT_EQ(url->ssl_mode, SslMode::kPrefer);
}

TEST(ConnectionUrl, Ipv6AndSslModes) {
  auto url = parseConnectionUrl("postgres://u@[::1]:5433/d%20b?sslmode=disable");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 5433);
  EXPECT_EQ(url->database, "d b");
  EXPECT_EQ(url->ssl_mode, SslMode::kDisable);
  EXPECT_EQ(parseConnectionUrl("postgres://u@h/d?sslmode=prefer")->ssl_mode, SslMode::kPrefer);
}

TEST(ConnectionUrl, Refusals) {
  EXPECT_EQ(parseConnectionUrl("mysql://u@h/d").error().message,
            "the connection string must start with postgres:// or postgresql://");
  EXPECT_EQ(parseConnectionUrl("postgres://u@h:99999/d").error().message,
            "the connection string's port must be a number from 1 to 65535, got \"99999\"");
  EXPECT_EQ(parseConnectionUrl("postgres://u@h/d?sslmode=bogus").error().message,
            "the connection string's sslmode must be disable, allow, prefer, require, verify-ca or verify-full, "
            "got \"bogus\"");
  EXPECT_EQ(parseConnectionUrl("postgres://u:%zz@h/d").error().message,
            "the connection string's password has a bad %-escape");
  EXPECT_EQ(parseConnectionUrl("postgres:///d").error().message, "the connection string names no host");
  EXPECT_EQ(parseConnectionUrl("postgres://h/d").error().message, "the connection string names no user");
}

TEST(ConnectionUrl, PercentEncodeRoundTrips) {
  EXPECT_EQ(percentEncode("a b@c:d/é"), "a%20b%40c%3Ad%2F%C3%A9");
  auto url = parseConnectionUrl("postgres://u:" + percentEncode("p@ss:/?#") + "@h/d");
  EXPECT_EQ(url->password, "p@ss:/?#");
}

}  // namespace
}  // namespace edged::bindings::hyperdrive
