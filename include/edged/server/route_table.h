#pragma once
// Which Worker a request goes to when one server runs several: each Worker's `routes`
// (Cloudflare's route patterns — `host/path`, a leading `*` in the host, a trailing `*` in the
// path) and custom domains, the most specific match winning, as on Cloudflare; no match goes to
// the fallback Worker.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/util/result.h"

namespace edged::server {

struct RoutePattern {
  std::string host;            // lower case; for a wildcard host, what the host must end with
  bool host_wildcard = false;  // "*.example.com/*" or "*example.com/*"
  std::string path;            // for a wildcard path, what the path must start with
  bool path_wildcard = false;
  bool custom_domain = false;  // the whole host belongs to the Worker
  // A deployed Worker's workers.dev-style name: any host whose first label is `host`
  // ("site.example.workers.dev", "site.localhost"), below every other route.
  bool first_label = false;
  size_t worker = 0;           // index into the server's Workers
};

// Parses a route as wrangler.jsonc writes it ("example.com/api/*"; a custom domain is a bare
// host name); the error says what is wrong with it.
Result<RoutePattern> parseRoutePattern(std::string_view pattern, bool custom_domain, size_t worker);

// The route of a deployed Worker's name: every path of a host whose first label is `name`.
RoutePattern workersDevRoute(const std::string& name, size_t worker);

class RouteTable {
 public:
  explicit RouteTable(size_t fallback = 0) : fallback_(fallback) {}

  void add(RoutePattern route) { routes_.push_back(std::move(route)); }

  // The Worker for a request with this Host header (a port is ignored) and target (the query is
  // ignored): the most specific matching route's, else the fallback.
  size_t match(std::string_view host_header, std::string_view target) const;

 private:
  std::vector<RoutePattern> routes_;
  size_t fallback_;
};

}  // namespace edged::server
