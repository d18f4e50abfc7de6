#include "cache_match.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace edged::api::cache {
namespace {

struct EntityTag {
  bool weak = false;
  std::string_view opaque;  // with its quotes
};

std::string_view skipSpaceAndCommas(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == ',')) {
    s.remove_prefix(1);
  }
  return s;
}

// Parses the entity-tags of a list (RFC 9110 §8.8.3: [W/] DQUOTE *etagc DQUOTE, where etagc
// may include commas, so the list is not simply split on them). Stops at malformed input.
std::vector<EntityTag> parseEntityTags(std::string_view list) {
  std::vector<EntityTag> tags;
  for (list = skipSpaceAndCommas(list); !list.empty(); list = skipSpaceAndCommas(list)) {
    EntityTag tag;
    if (list.starts_with("W/")) {
      tag.weak = true;
      list.remove_prefix(2);
    }
    if (list.empty() || list.front() != '"') break;
    size_t close = list.find('"', 1);
    if (close == std::string_view::npos) break;
    tag.opaque = list.substr(0, close + 1);
    tags.push_back(tag);
    list.remove_prefix(close + 1);
  }
  return tags;
}

std::optional<EntityTag> parseEntityTag(std::string_view value) {
  std::vector<EntityTag> tags = parseEntityTags(value);
  if (tags.size() != 1) return std::nullopt;
  return tags.front();
}

void removeHeader(Headers& headers, std::string_view lower_name) {
  std::erase_if(headers, [&](const net::HttpHeader& h) {
    return h.name.size() == lower_name.size() &&
           std::equal(h.name.begin(), h.name.end(), lower_name.begin(), [](char a, char b) {
             return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b;
           });
  });
}

// RFC 9110 §13.1.1-§13.1.4, in the precedence of §13.2.2: If-None-Match, else
// If-Modified-Since. Only a 2xx response can be "not modified".
bool notModified(const StoredResponse& stored, const Headers& request) {
  if (stored.status < 200 || stored.status > 299) return false;
  if (std::optional<std::string> inm = findHeader(request, "if-none-match")) {
    std::optional<std::string> etag = findHeader(stored.headers, "etag");
    return etag && ifNoneMatchMatches(*inm, *etag);
  }
  std::optional<std::string> ims = findHeader(request, "if-modified-since");
  std::optional<std::string> last_modified = findHeader(stored.headers, "last-modified");
  if (!ims || !last_modified) return false;
  std::optional<int64_t> since = parseHttpDate(*ims);
  std::optional<int64_t> modified = parseHttpDate(*last_modified);
  return since && modified && *modified <= *since;
}

// RFC 9110 §13.1.5: a Range is honoured only if If-Range (when present) still names the stored
// representation: a strong ETag match or the exact Last-Modified date.
bool ifRangeAllows(const StoredResponse& stored, const Headers& request) {
  std::optional<std::string> if_range = findHeader(request, "if-range");
  if (!if_range) return true;
  if (std::optional<EntityTag> wanted = parseEntityTag(*if_range)) {
    std::optional<std::string> etag = findHeader(stored.headers, "etag");
    std::optional<EntityTag> have = etag ? parseEntityTag(*etag) : std::nullopt;
    return have && !have->weak && !wanted->weak && have->opaque == wanted->opaque;
  }
  std::optional<std::string> last_modified = findHeader(stored.headers, "last-modified");
  std::optional<int64_t> date = parseHttpDate(*if_range);
  return date && last_modified && parseHttpDate(*last_modified) == date;
}

std::optional<uint64_t> parseDigits(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

struct ByteRange {
  bool satisfiable = false;
  uint64_t first = 0;
  uint64_t last = 0;
};

// One `bytes=first-[last]` or `bytes=-suffix` range (RFC 9110 §14.1.2) against `size` bytes;
// nullopt when the header is to be ignored: malformed, another unit, or several ranges (which
// Workers' cache may answer in full, RFC 9110 §14.2).
std::optional<ByteRange> parseRange(std::string_view header, uint64_t size) {
  std::string_view unit = header.substr(0, std::min<size_t>(6, header.size()));
  if (unit.size() != 6 || !std::equal(unit.begin(), unit.end(), "bytes=", [](char a, char b) {
        return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b;
      })) {
    return std::nullopt;
  }
  std::string_view spec = header.substr(6);
  while (!spec.empty() && (spec.front() == ' ' || spec.front() == '\t')) spec.remove_prefix(1);
  while (!spec.empty() && (spec.back() == ' ' || spec.back() == '\t')) spec.remove_suffix(1);
  if (spec.find(',') != std::string_view::npos) return std::nullopt;
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view first_text = spec.substr(0, dash);
  std::string_view last_text = spec.substr(dash + 1);
  ByteRange range;
  if (first_text.empty()) {
    std::optional<uint64_t> suffix = parseDigits(last_text);
    if (!suffix) return std::nullopt;
    range.satisfiable = *suffix > 0;
    range.first = *suffix >= size ? 0 : size - *suffix;
    range.last = size - 1;
    return range;
  }
  std::optional<uint64_t> first = parseDigits(first_text);
  if (!first) return std::nullopt;
  std::optional<uint64_t> last;
  if (!last_text.empty()) {
    last = parseDigits(last_text);
    if (!last || *last < *first) return std::nullopt;
  }
  range.satisfiable = *first < size;
  range.first = *first;
  range.last = last ? std::min(*last, size - 1) : size - 1;
  return range;
}

}  // namespace

bool ifNoneMatchMatches(std::string_view if_none_match, std::string_view etag) {
  std::string_view trimmed = skipSpaceAndCommas(if_none_match);
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) {
    trimmed.remove_suffix(1);
  }
  if (trimmed == "*") return true;
  std::optional<EntityTag> have = parseEntityTag(etag);
  if (!have) return false;
  for (const EntityTag& tag : parseEntityTags(if_none_match)) {
    if (tag.opaque == have->opaque) return true;
  }
  return false;
}

MatchResponse respondFromCache(const StoredResponse& stored, const Headers& request_headers) {
  MatchResponse response;
  response.status = stored.status;
  response.status_text = stored.status_text;
  response.headers = stored.headers;
  // A stored response may carry the status of the fetch() it came from (a Worker putting what
  // its subrequest returned): a match is a HIT whatever it was.
  removeHeader(response.headers, "cf-cache-status");
  response.headers.push_back({"CF-Cache-Status", "HIT"});
  response.length = stored.size;

  if (notModified(stored, request_headers)) {
    response.status = 304;
    response.status_text = "Not Modified";
    removeHeader(response.headers, "content-length");
    response.length = 0;
    return response;
  }
  std::optional<std::string> range_header = findHeader(request_headers, "range");
  if (!range_header || stored.status != 200 || stored.size == 0 ||
      !ifRangeAllows(stored, request_headers)) {
    return response;
  }
  std::optional<ByteRange> range = parseRange(*range_header, stored.size);
  if (!range) return response;
  std::string total = std::to_string(stored.size);
  if (!range->satisfiable) {
    response.status = 416;
    response.status_text = "Range Not Satisfiable";
    response.headers = {{"Content-Range", "bytes */" + total}, {"CF-Cache-Status", "HIT"}};
    response.length = 0;
    return response;
  }
  response.status = 206;
  response.status_text = "Partial Content";
  removeHeader(response.headers, "content-length");
  response.headers.push_back({"Content-Range", "bytes " + std::to_string(range->first) + "-" +
                                                   std::to_string(range->last) + "/" + total});
  response.offset = range->first;
  response.length = range->last - range->first + 1;
  return response;
}

}  // namespace edged::api::cache
