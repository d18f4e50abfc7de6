// libFuzzer target: arbitrary bytes as an assets directory's `_redirects` and `_headers` files
// (written by whoever deploys the Worker) must parse into rules or warnings, and matching any
// request path against them must give a well-formed answer: never a crash, a hang (the patterns
// have splats and placeholders) or a sanitizer report.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edged/bindings/assets/header_rules.h"
#include "edged/bindings/assets/redirect_rules.h"
#include "edged/util/assert.h"

namespace assets = edged::bindings::assets;

namespace {

// The paths a request could ask for: fixed ones, and every whitespace-separated word of the
// input that starts with '/' (so rules and requests meet).
std::vector<std::string> pathsOf(std::string_view text) {
  std::vector<std::string> paths = {"/", "/index.html", "/a/b/c", "/a%20b/", "/x?y"};
  size_t i = 0;
  while (i < text.size() && paths.size() < 64) {
    size_t end = text.find_first_of(" \t\r\n", i);
    if (end == std::string_view::npos) end = text.size();
    if (end > i && text[i] == '/') paths.emplace_back(text.substr(i, end - i));
    i = end + 1;
  }
  return paths;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto html = static_cast<assets::HtmlHandling>(data[0] % 4);
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::vector<assets::RuleWarning> warnings;
  assets::RedirectRules redirects = assets::RedirectRules::parse(text, html, &warnings);
  assets::HeaderRules headers = assets::HeaderRules::parse(text, &warnings);
  for (const assets::RuleWarning& warning : warnings) EDGED_ASSERT(!warning.message.empty());
  EDGED_ASSERT(redirects.size() <= assets::RedirectRules::kMaxStaticRules +
                                       assets::RedirectRules::kMaxDynamicRules);
  EDGED_ASSERT(headers.size() <= assets::HeaderRules::kMaxRules);

  for (const std::string& path : pathsOf(text)) {
    if (auto match = redirects.match(path)) {
      int s = match->status;
      EDGED_ASSERT(s == 200 || s == 301 || s == 302 || s == 303 || s == 307 || s == 308);
      (void)assets::redirectLocation(match->to, "?q=1");
    }
    std::vector<edged::net::HttpHeader> response = {{"content-type", "text/html"}};
    headers.apply("example.com", path, &response);
  }
  return 0;
}
