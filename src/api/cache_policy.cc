#include "cache_policy.h"

#include <algorithm>

namespace edged::api::cache {
namespace {

// RFC 9111 §1.2.2: delta-seconds past 2^31 are read as 2^31.
constexpr int64_t kMaxDeltaSeconds = 2147483648;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string toLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// delta-seconds = 1*DIGIT; nullopt when it is not one.
std::optional<int64_t> parseDeltaSeconds(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = std::min(value * 10 + (c - '0'), kMaxDeltaSeconds);
  }
  return value;
}

// Splits a comma-separated list of field names ("Set-Cookie, X-A") into lower-case names.
std::vector<std::string> fieldNames(std::string_view list) {
  std::vector<std::string> names;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = trim(list.substr(0, comma));
    if (!item.empty()) names.push_back(toLower(item));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return names;
}

// One `name[=value]` directive of a Cache-Control list (RFC 9110 §5.6.2 tokens and quoted
// strings); advances `rest` past it and its comma.
std::pair<std::string, std::string> nextDirective(std::string_view& rest) {
  size_t i = 0;
  while (i < rest.size() && rest[i] != ',' && rest[i] != '=') ++i;
  std::string name = toLower(trim(rest.substr(0, i)));
  std::string value;
  if (i < rest.size() && rest[i] == '=') {
    ++i;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    if (i < rest.size() && rest[i] == '"') {
      for (++i; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;  // quoted-pair
        value += rest[i];
      }
      if (i < rest.size()) ++i;  // closing quote
    } else {
      size_t start = i;
      while (i < rest.size() && rest[i] != ',') ++i;
      value = std::string(trim(rest.substr(start, i - start)));
    }
  }
  while (i < rest.size() && rest[i] != ',') ++i;
  rest = i < rest.size() ? rest.substr(i + 1) : std::string_view();
  return {std::move(name), std::move(value)};
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), toLower(name)) != names.end();
}

}  // namespace

std::optional<std::string> findHeader(const Headers& headers, std::string_view name) {
  std::optional<std::string> value;
  for (const net::HttpHeader& h : headers) {
    if (!equalsIgnoreCase(h.name, name)) continue;
    if (value) {
      *value += ", ";
      *value += h.value;
    } else {
      value = h.value;
    }
  }
  return value;
}

CacheControl parseCacheControl(std::string_view value) {
  CacheControl cc;
  bool seen_max_age = false;
  bool seen_s_maxage = false;
  std::string_view rest = value;
  while (!rest.empty()) {
    auto [name, argument] = nextDirective(rest);
    if (name == "no-store") {
      cc.no_store = true;
    } else if (name == "public") {
      cc.is_public = true;
    } else if (name == "must-revalidate") {
      cc.must_revalidate = true;
    } else if (name == "private") {
      if (argument.empty()) cc.is_private = true;
      for (auto& field : fieldNames(argument)) cc.private_fields.push_back(std::move(field));
    } else if (name == "no-cache") {
      if (argument.empty()) cc.no_cache = true;
      for (auto& field : fieldNames(argument)) cc.no_cache_fields.push_back(std::move(field));
    } else if (name == "max-age" && !seen_max_age) {
      seen_max_age = true;
      cc.max_age = parseDeltaSeconds(argument).value_or(0);
    } else if (name == "s-maxage" && !seen_s_maxage) {
      seen_s_maxage = true;
      cc.s_maxage = parseDeltaSeconds(argument).value_or(0);
    }
  }
  return cc;
}

std::optional<int64_t> defaultTtlSeconds(int status) {
  switch (status) {
    case 200:
    case 206:
    case 301:
      return 7200;
    case 302:
    case 303:
      return 1200;
    case 404:
    case 410:
      return 180;
    default:
      return std::nullopt;
  }
}

StorageDecision decideStorage(int status, const Headers& response_headers,
                              const Headers& request_headers, int64_t now_seconds) {
  StorageDecision decision;
  CacheControl cc = parseCacheControl(findHeader(response_headers, "cache-control").value_or(""));
  if (cc.no_store || cc.is_private || cc.no_cache) return decision;
  // RFC 9111 §3.5: a shared cache keeps a response to an authenticated request only when the
  // response says so.
  if (findHeader(request_headers, "authorization") && !cc.is_public && !cc.s_maxage &&
      !cc.must_revalidate) {
    return decision;
  }
  for (const net::HttpHeader& h : response_headers) {
    if (contains(cc.private_fields, h.name) || contains(cc.no_cache_fields, h.name)) continue;
    decision.headers.push_back(h);
  }
  // Workers never caches a response that sets cookies (it may be one user's), unless
  // `private=Set-Cookie` removed them.
  if (findHeader(decision.headers, "set-cookie")) return decision;

  int64_t lifetime = 0;
  if (cc.s_maxage) {
    lifetime = *cc.s_maxage;
  } else if (cc.max_age) {
    lifetime = *cc.max_age;
  } else if (auto expires = findHeader(response_headers, "expires")) {
    // RFC 9111 §5.3: an invalid Expires ("0") means already expired.
    std::optional<int64_t> at = parseHttpDate(*expires);
    std::optional<std::string> date_field = findHeader(response_headers, "date");
    std::optional<int64_t> date = date_field ? parseHttpDate(*date_field) : std::nullopt;
    lifetime = at ? *at - date.value_or(now_seconds) : 0;
  } else if (auto ttl = defaultTtlSeconds(status)) {
    lifetime = *ttl;
  } else {
    return decision;
  }
  std::optional<std::string> age_field = findHeader(response_headers, "age");
  int64_t age = age_field ? parseDeltaSeconds(trim(*age_field)).value_or(0) : 0;
  decision.ttl_seconds = lifetime - age;
  decision.store = decision.ttl_seconds > 0;
  return decision;
}

std::string varyKey(const Headers& response_headers, const Headers& request_headers) {
  std::optional<std::string> vary = findHeader(response_headers, "vary");
  if (!vary) return {};
  std::vector<std::string> names = fieldNames(*vary);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string key;
  // "name:value" for a field the request has, "name" alone for one it lacks.
  for (const std::string& name : names) {
    key += name;
    if (std::optional<std::string> value = findHeader(request_headers, name)) {
      key += ':';
      key += *value;
    }
    key += '\n';
  }
  return key;
}

}  // namespace edged::api::cache
