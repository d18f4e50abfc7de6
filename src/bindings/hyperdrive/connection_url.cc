#include "edged/bindings/hyperdrive/connection_url.h"

#include <charconv>

namespace edged::bindings::hyperdrive {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> percentDecode(std::string_view text, std::string_view what) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int high = i + 2 < text.size() ? hexValue(text[i + 1]) : -1;
    int low = high >= 0 ? hexValue(text[i + 2]) : -1;
    if (low < 0) return makeError("the connection string's " + std::string(what) + " has a bad %-escape");
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

Status applyQuery(std::string_view query, ConnectionUrl& url) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (key != "sslmode") continue;
    if (value == "disable" || value == "allow") url.ssl_mode = SslMode::kDisable;
    else if (value == "prefer") url.ssl_mode = SslMode::kPrefer;
    else if (value == "require") url.ssl_mode = SslMode::kRequire;
    else if (value == "verify-ca" || value == "verify-full") url.ssl_mode = SslMode::kVerify;
    else {
      return makeError("the connection string's sslmode must be disable, allow, prefer, require, verify-ca or "
                       "verify-full, got \"" + std::string(value) + "\"");
    }
  }
  return Ok{};
}

}  // namespace

Result<ConnectionUrl> parseConnectionUrl(std::string_view text) {
  std::string_view rest;
  for (std::string_view scheme : {"postgres://", "postgresql://"}) {
    if (text.starts_with(scheme)) rest = text.substr(scheme.size());
  }
  if (rest.data() == nullptr) {
    return makeError("the connection string must start with postgres:// or postgresql://");
  }
  ConnectionUrl url;
  size_t query_at = rest.find('?');
  std::string_view query = query_at == std::string_view::npos ? std::string_view{} : rest.substr(query_at + 1);
  rest = rest.substr(0, query_at);
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);

  // The password may hold '@' only escaped, so the last '@' ends the userinfo.
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    auto user = percentDecode(userinfo.substr(0, colon), "user");
    if (!user.ok()) return user.error();
    url.user = std::move(user).value();
    if (colon != std::string_view::npos) {
      auto password = percentDecode(userinfo.substr(colon + 1), "password");
      if (!password.ok()) return password.error();
      url.password = std::move(password).value();
    }
  }
  std::string_view port;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return makeError("the connection string's host has an unclosed '['");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after[0] != ':') return makeError("the connection string's host is malformed");
    if (!after.empty()) port = after.substr(1);
  } else {
    size_t colon = authority.find(':');
    auto host = percentDecode(authority.substr(0, colon), "host");
    if (!host.ok()) return host.error();
    url.host = std::move(host).value();
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (url.host.empty()) return makeError("the connection string names no host");
  if (url.host.find(',') != std::string::npos) {
    return makeError("the connection string names several hosts; edged connects to one");
  }
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) {
      return makeError("the connection string's port must be a number from 1 to 65535, got \"" + std::string(port) + "\"");
    }
    url.port = static_cast<uint16_t>(value);
  }
  auto database = percentDecode(path, "database");
  if (!database.ok()) return database.error();
  url.database = database->empty() ? url.user : std::move(database).value();
  if (url.user.empty()) return makeError("the connection string names no user");
  if (Status applied = applyQuery(query, url); !applied.ok()) return applied.error();
  return url;
}

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[static_cast<unsigned char>(c) >> 4];
      out += kHex[static_cast<unsigned char>(c) & 15];
    }
  }
  return out;
}

}  // namespace edged::bindings::hyperdrive
