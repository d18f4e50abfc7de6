#include "edged/bindings/assets/asset_server.h"

#include <strings.h>

#include <cctype>
#include <charconv>

#include "edged/bindings/assets/asset_path.h"
#include "edged/util/log.h"

namespace edged::bindings::assets {
namespace {

// The asset worker's browser caching default: revalidate with the ETag every time.
constexpr const char* kCacheControl = "public, max-age=0, must-revalidate";

const std::string* header(const AssetRequest& request, std::string_view name) {
  if (request.headers == nullptr) return nullptr;
  for (const net::HttpHeader& h : *request.headers) {
    if (h.name.size() == name.size() && strncasecmp(h.name.data(), name.data(), name.size()) == 0) {
      return &h.value;
    }
  }
  return nullptr;
}

std::optional<uint64_t> number(std::string_view text) {
  uint64_t value = 0;
  if (text.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A Range header (RFC 9110 §14.1.2) over `size` bytes. kIgnore: not one well-formed byte range
// (the whole asset is served, as §14.2 allows); kUnsatisfiable: 416.
enum class RangeOutcome { kIgnore, kRange, kUnsatisfiable };
RangeOutcome parseRange(std::string_view value, uint64_t size, uint64_t* offset, uint64_t* length) {
  if (!value.starts_with("bytes=")) return RangeOutcome::kIgnore;
  value.remove_prefix(6);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.find(',') != std::string_view::npos) return RangeOutcome::kIgnore;
  size_t dash = value.find('-');
  if (dash == std::string_view::npos) return RangeOutcome::kIgnore;
  std::string_view first = value.substr(0, dash);
  std::string_view last = value.substr(dash + 1);
  if (first.empty()) {
    auto suffix = number(last);
    if (!suffix) return RangeOutcome::kIgnore;
    if (*suffix == 0 || size == 0) return RangeOutcome::kUnsatisfiable;
    *length = std::min(*suffix, size);
    *offset = size - *length;
    return RangeOutcome::kRange;
  }
  auto start = number(first);
  if (!start) return RangeOutcome::kIgnore;
  std::optional<uint64_t> end;
  if (!last.empty()) {
    end = number(last);
    if (!end || *end < *start) return RangeOutcome::kIgnore;
  }
  if (*start >= size) return RangeOutcome::kUnsatisfiable;
  uint64_t stop = end ? std::min(*end, size - 1) : size - 1;
  *offset = *start;
  *length = stop - *start + 1;
  return RangeOutcome::kRange;
}

AssetResponse redirectTo(std::string location, int status = 307) {
  AssetResponse response;
  response.status = status;
  response.headers.push_back({"Location", std::move(location)});
  return response;
}

// If-None-Match as the asset worker compares it: the whole header equal to the strong or weak
// form of the ETag.
bool etagMatches(const std::string* if_none_match, const std::string& etag) {
  if (if_none_match == nullptr) return false;
  std::string strong = "\"" + etag + "\"";
  return *if_none_match == strong || *if_none_match == "W/" + strong;
}

// The request URL's hostname, lower-case and without the port, as `_headers` rules for
// "https://host/…" match it: from an absolute target, else from the Host header.
std::string hostnameOf(const AssetRequest& request) {
  std::string_view host;
  std::string_view target = request.target;
  size_t scheme = target.find("://");
  if (!target.starts_with('/') && scheme != std::string_view::npos) {
    host = target.substr(scheme + 3);
    host = host.substr(0, host.find_first_of("/?#"));
    size_t at = host.rfind('@');
    if (at != std::string_view::npos) host.remove_prefix(at + 1);
  } else if (const std::string* value = header(request, "host")) {
    host = *value;
  }
  size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  std::string lower(host);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

}  // namespace

bool routePatternMatches(std::string_view pattern, std::string_view path) {
  // Glob with `*` only, by backtracking over the last star.
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Result<std::shared_ptr<const AssetServer>> AssetServer::load(const config::Assets& assets,
                                                             bool has_worker,
                                                             bool navigation_prefers_assets) {
  if (!assets.directory) return makeError("field \"assets.directory\" is required");
  auto index = AssetIndex::build(*assets.directory);
  if (!index.ok()) return index.error();
  std::vector<std::string> warnings;
  AssetRuleFiles rule_files =
      AssetRuleFiles::read(*assets.directory, AssetRules::from(assets).html, &warnings);
  for (const std::string& warning : warnings) log::warn("assets: skipped " + warning);
  return std::make_shared<const AssetServer>(std::move(index).value(), assets, has_worker,
                                             std::move(rule_files), navigation_prefers_assets);
}

AssetServer::AssetServer(std::shared_ptr<const AssetIndex> index, const config::Assets& assets,
                         bool has_worker, AssetRuleFiles rule_files,
                         bool navigation_prefers_assets)
    : index_(std::move(index)),
      rules_(AssetRules::from(assets)),
      has_worker_(has_worker),
      navigation_prefers_assets_(navigation_prefers_assets),
      worker_first_(assets.run_worker_first.value_or(false)),
      worker_first_routes_(assets.run_worker_first_routes),
      rule_files_(std::move(rule_files)) {}

bool AssetServer::workerFirst(std::string_view pathname) const {
  if (!has_worker_) return false;
  if (worker_first_) return true;
  bool included = false;
  for (const std::string& pattern : worker_first_routes_) {
    if (pattern.starts_with("!")) {
      if (routePatternMatches(std::string_view(pattern).substr(1), pathname)) return false;
    } else if (routePatternMatches(pattern, pathname)) {
      included = true;
    }
  }
  return included;
}

std::optional<AssetResponse> AssetServer::route(const AssetRequest& request) const {
  auto path = parseAssetPath(request.target);
  if (path && workerFirst(path->pathname)) return std::nullopt;
  if (!has_worker_) {
    return withHeaderRules(request, path, orNotFound(answer(request, path, rules_)));
  }
  const std::string* mode = header(request, "sec-fetch-mode");
  if (navigation_prefers_assets_ && mode != nullptr && *mode == "navigate") {
    return withHeaderRules(request, path, answer(request, path, rules_));
  }
  AssetRules exact_only = rules_;
  exact_only.not_found = NotFoundHandling::kNone;
  return withHeaderRules(request, path, answer(request, path, exact_only));
}

AssetResponse AssetServer::fetch(const AssetRequest& request) const {
  auto path = parseAssetPath(request.target);
  return *withHeaderRules(request, path, orNotFound(answer(request, path, rules_)));
}

std::optional<AssetResponse> AssetServer::withHeaderRules(
    const AssetRequest& request, const std::optional<AssetPath>& path,
    std::optional<AssetResponse> response) const {
  if (!response || !path || rule_files_.headers.empty()) return response;
  rule_files_.headers.apply(hostnameOf(request), path->pathname, &response->headers);
  return response;
}

AssetResponse AssetServer::orNotFound(std::optional<AssetResponse> response) {
  if (response) return std::move(*response);
  AssetResponse not_found;
  not_found.status = 404;
  return not_found;
}

std::optional<AssetResponse> AssetServer::answer(const AssetRequest& request,
                                                 const std::optional<AssetPath>& path,
                                                 const AssetRules& rules) const {
  if (!path) return std::nullopt;
  // `_redirects` first, as the asset worker matches them (on the encoded pathname, before any
  // asset): a redirect answers whatever the method; a 200 rule serves another path in place.
  std::optional<AssetPath> rewritten;
  if (!rule_files_.redirects.empty()) {
    if (auto match = rule_files_.redirects.match(path->pathname)) {
      if (match->status != 200) {
        return redirectTo(redirectLocation(match->to, path->search), match->status);
      }
      rewritten = parseAssetPath(match->to);
      if (!rewritten) return orNotFound(std::nullopt);
    }
  }
  const AssetPath& served = rewritten ? *rewritten : *path;
  auto intent = resolveIntent(*index_, served.decoded, rules);
  // A rewrite to a path no asset answers is a 404, never the Worker.
  if (!intent) return rewritten ? std::optional(orNotFound(std::nullopt)) : std::nullopt;
  if (request.method != "GET" && request.method != "HEAD") {
    AssetResponse refused;
    refused.status = 405;
    return refused;
  }
  // One redirect for both html_handling and the canonical (re-encoded) spelling of the path.
  std::string destination = encodeAssetPath(intent->asset ? served.decoded : intent->redirect);
  if (!intent->redirect.empty() || destination != served.pathname) {
    return redirectTo(destination + path->search);
  }
  const AssetFile& file = *intent->asset;
  AssetResponse response;
  response.status = intent->status;
  response.head = request.method == "HEAD";
  response.headers.push_back({"ETag", "\"" + file.etag + "\""});
  response.headers.push_back({"Content-Type", file.content_type});
  const std::string* range = header(request, "range");
  if (range == nullptr && header(request, "authorization") == nullptr) {
    response.headers.push_back({"Cache-Control", kCacheControl});
  }
  if (etagMatches(header(request, "if-none-match"), file.etag)) {
    response.status = 304;
    return response;
  }
  response.file = &file;
  response.length = file.size;
  if (range != nullptr && intent->status == 200) {
    uint64_t offset = 0, length = 0;
    switch (parseRange(*range, file.size, &offset, &length)) {
      case RangeOutcome::kIgnore:
        break;
      case RangeOutcome::kUnsatisfiable:
        response.status = 416;
        response.file = nullptr;
        response.length = 0;
        response.headers.push_back({"Content-Range", "bytes */" + std::to_string(file.size)});
        break;
      case RangeOutcome::kRange:
        response.status = 206;
        response.offset = offset;
        response.length = length;
        response.headers.push_back({"Content-Range", "bytes " + std::to_string(offset) + "-" +
                                                         std::to_string(offset + length - 1) + "/" +
                                                         std::to_string(file.size)});
        break;
    }
  }
  return response;
}

}  // namespace edged::bindings::assets
