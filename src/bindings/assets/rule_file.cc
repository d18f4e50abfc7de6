#include "edged/bindings/assets/rule_file.h"

namespace edged::bindings::assets {
namespace {

constexpr std::string_view kHttps = "https://";

// The WHATWG URL percent-encode sets (URL Standard §1.3): path, query and fragment.
bool encodeInPath(unsigned char c) {
  return c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' ||
         c == '}';
}
bool encodeInQuery(unsigned char c) {
  return c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\'';
}
bool encodeInFragment(unsigned char c) {
  return c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '`';
}

void appendEncoded(std::string* out, std::string_view text, bool (*encode)(unsigned char)) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (encode(c)) {
      *out += '%';
      *out += kHex[c >> 4];
      *out += kHex[c & 15];
    } else {
      *out += ch;
    }
  }
}

// "/a/./b/../c" → "/a/c" (URL Standard, path state: single- and double-dot segments).
std::string resolveDots(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 1;
  bool trailing_slash = false;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    bool last = end == path.size();
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      trailing_slash = true;
    } else if (segment == ".") {
      trailing_slash = true;
    } else {
      segments.push_back(segment);
      trailing_slash = false;
    }
    if (last) break;
    start = end + 1;
  }
  std::string out;
  for (std::string_view segment : segments) {
    out += '/';
    out += segment;
  }
  if (trailing_slash || out.empty()) out += '/';
  return out;
}

// The asset worker's extractPathname: `path` as the pathname (and, when kept, the search and
// hash) of a URL.
std::string extractPathname(std::string_view path, bool keep_search_and_hash) {
  std::string_view hash, search;
  size_t hash_at = path.find('#');
  if (hash_at != std::string_view::npos) {
    hash = path.substr(hash_at);
    path = path.substr(0, hash_at);
  }
  size_t search_at = path.find('?');
  if (search_at != std::string_view::npos) {
    search = path.substr(search_at);
    path = path.substr(0, search_at);
  }
  std::string encoded = "/";
  appendEncoded(&encoded, path.starts_with('/') ? path.substr(1) : path, encodeInPath);
  std::string out = resolveDots(encoded);
  if (keep_search_and_hash) {
    if (search.size() > 1) appendEncoded(&out, search, encodeInQuery);
    if (hash.size() > 1) appendEncoded(&out, hash, encodeInFragment);
  }
  return out;
}

}  // namespace

bool isRuleSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && isRuleSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isRuleSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> ruleLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    lines.push_back(trimmed(text.substr(start, end == std::string_view::npos ? end : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

bool ruleUrlHasHost(std::string_view url) {
  if (!url.starts_with(kHttps)) return false;
  url.remove_prefix(kHttps.size());
  while (url.starts_with('/')) url.remove_prefix(1);
  return !url.empty();
}

Result<std::string> validateRuleUrl(std::string_view token, const RuleUrlOptions& options) {
  if (ruleUrlHasHost(token)) {
    std::string_view rest = token.substr(kHttps.size());
    while (rest.starts_with('/')) rest.remove_prefix(1);
    size_t slash = rest.find('/');
    std::string_view host = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    if (options.only_relative) {
      return makeError("Only relative URLs are allowed. Skipping absolute URL " +
                       std::string(token) + ".");
    }
    size_t colon = host.rfind(':');
    if (options.disallow_ports && colon != std::string_view::npos && colon + 1 < host.size() &&
        host.find_first_not_of("0123456789", colon + 1) == std::string_view::npos) {
      return makeError("Specifying ports is not supported. Skipping absolute URL " +
                       std::string(token) + ".");
    }
    return std::string(kHttps) + std::string(host) +
           extractPathname(path, options.keep_search_and_hash);
  }
  std::string relative(token);
  if (!relative.starts_with('/') && options.only_relative) relative.insert(0, "/");
  if (relative.starts_with('/')) return extractPathname(relative, options.keep_search_and_hash);
  return makeError(options.only_relative
                       ? "URLs should begin with a forward-slash."
                       : "URLs should either be relative (e.g. begin with a forward-slash), or "
                         "use HTTPS (e.g. begin with \"https://\").");
}

}  // namespace edged::bindings::assets
