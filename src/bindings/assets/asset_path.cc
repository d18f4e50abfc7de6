#include "edged/bindings/assets/asset_path.h"

#include <cctype>
#include <vector>

namespace edged::bindings::assets {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// WHATWG URL: single-dot and double-dot path segments, in any of their spellings.
bool isSingleDot(std::string_view s) { return s == "." || equalsIgnoreCase(s, "%2e"); }
bool isDoubleDot(std::string_view s) {
  return s == ".." || equalsIgnoreCase(s, ".%2e") || equalsIgnoreCase(s, "%2e.") ||
         equalsIgnoreCase(s, "%2e%2e");
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// decodeURIComponent of one segment; like the asset worker, a segment that does not decode
// (a stray "%") is kept as it is.
std::string decodeSegment(std::string_view segment) {
  std::string out;
  for (size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      out += segment[i];
      continue;
    }
    if (i + 2 >= segment.size()) return std::string(segment);
    int hi = hexValue(segment[i + 1]);
    int lo = hexValue(segment[i + 2]);
    if (hi < 0 || lo < 0) return std::string(segment);
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace

std::optional<AssetPath> parseAssetPath(std::string_view target) {
  if (size_t scheme = target.find("://");
      scheme != std::string_view::npos && !target.starts_with("/")) {
    size_t path_start = target.find_first_of("/?#", scheme + 3);
    target =
        path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
  }
  if (size_t hash = target.find('#'); hash != std::string_view::npos)
    target = target.substr(0, hash);
  AssetPath out;
  if (size_t query = target.find('?'); query != std::string_view::npos) {
    out.search = std::string(target.substr(query));
    target = target.substr(0, query);
  }
  if (!target.starts_with("/")) return std::nullopt;
  if (target.find('\\') != std::string_view::npos) return std::nullopt;

  // Resolve dot segments (the URL parser's work), keeping empty segments as the URL does.
  std::vector<std::string_view> segments;
  std::string_view rest = target.substr(1);
  bool trailing_slash = false;
  while (true) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    bool last = slash == std::string_view::npos;
    if (isDoubleDot(segment)) {
      if (!segments.empty()) segments.pop_back();
      if (last) trailing_slash = true;
    } else if (isSingleDot(segment)) {
      if (last) trailing_slash = true;
    } else {
      segments.push_back(segment);
    }
    if (last) break;
    rest = rest.substr(slash + 1);
  }
  out.pathname = "/";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.pathname += '/';
    out.pathname += segments[i];
  }
  if (trailing_slash && !out.pathname.ends_with("/")) out.pathname += '/';

  // Decode each segment; what decodes into a separator or a dot segment is refused.
  out.decoded = "/";
  for (size_t i = 0; i < segments.size(); ++i) {
    std::string decoded = decodeSegment(segments[i]);
    if (decoded.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos)
      return std::nullopt;
    if (decoded == "." || decoded == "..") return std::nullopt;
    if (decoded.empty()) continue;  // "a//b" collapses, as the asset worker's /\/+/g does
    if (!out.decoded.ends_with("/")) out.decoded += '/';
    out.decoded += decoded;
  }
  bool ends_in_slash = out.pathname.size() > 1 && out.pathname.ends_with("/");
  if (ends_in_slash && !out.decoded.ends_with("/")) out.decoded += '/';
  return out;
}

std::string encodeAssetPath(std::string_view decoded) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : decoded) {
    auto u = static_cast<unsigned char>(c);
    // encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) as they are; "/" separates.
    if (std::isalnum(u) || std::string_view("-_.!~*'()/").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace edged::bindings::assets
