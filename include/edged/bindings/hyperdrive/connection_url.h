#pragma once
// A PostgreSQL connection URL (libpq's URI form, PostgreSQL docs §34.1.1.2) → the parts the
// pool connects with. Only what Hyperdrive's `localConnectionString` needs: one host, userinfo,
// database and the `sslmode` query parameter; other parameters are ignored as libpq ignores
// none — edged does not pass them on, and says so in docs/bindings/hyperdrive.md.

#include <cstdint>
#include <string>
#include <string_view>

#include "edged/util/result.h"

namespace edged::bindings::hyperdrive {

// libpq's sslmode: prefer and require encrypt without checking the certificate; verify-ca and
// verify-full (kVerify) check it against the system's CAs and the host name.
enum class SslMode { kDisable, kPrefer, kRequire, kVerify };

struct ConnectionUrl {
  std::string host;
  uint16_t port = 5432;
  std::string user;
  std::string password;
  std::string database;  // libpq's default: the user name
  SslMode ssl_mode = SslMode::kPrefer;
};

// Accepts postgres:// and postgresql://; every part percent-decoded. Errors say what is wrong
// without repeating the password.
Result<ConnectionUrl> parseConnectionUrl(std::string_view url);

// Percent-encodes `text` for a URL's userinfo or path (RFC 3986 unreserved characters kept).
std::string percentEncode(std::string_view text);

}  // namespace edged::bindings::hyperdrive
