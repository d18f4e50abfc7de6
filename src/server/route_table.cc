#include "edged/server/route_table.h"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace edged::server {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool validHostChars(std::string_view host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_';
  });
}

// How specific a matching route is; a larger tuple wins (Cloudflare: custom domains before
// routes, an exact host before a wildcard one, then the longer host, then the longer path, an
// exact path before a prefix of the same length).
auto specificity(const RoutePattern& r) {
  return std::make_tuple(!r.first_label, r.custom_domain, !r.host_wildcard, r.host.size(), r.path.size(),
                         !r.path_wildcard);
}

}  // namespace

Result<RoutePattern> parseRoutePattern(std::string_view pattern, bool custom_domain, size_t worker) {
  std::string quoted = "\"" + std::string(pattern) + "\"";
  if (pattern.starts_with("http://") || pattern.starts_with("https://")) {
    pattern.remove_prefix(pattern.find("//") + 2);
  }
  RoutePattern route;
  route.worker = worker;
  route.custom_domain = custom_domain;
  size_t slash = pattern.find('/');
  std::string_view host = pattern.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : pattern.substr(slash);
  if (custom_domain) {
    if (!path.empty() || host.find('*') != std::string_view::npos || !validHostChars(host)) {
      return makeError("custom domain " + quoted + ": expected a host name without a path or wildcards");
    }
    route.host = lower(host);
    route.path = "/";
    route.path_wildcard = true;
    return route;
  }
  if (host.starts_with('*')) {
    route.host_wildcard = true;
    host.remove_prefix(1);
  }
  if ((host.empty() && !route.host_wildcard) || (!host.empty() && !validHostChars(host))) {
    return makeError("route " + quoted + ": expected a host name, optionally starting with \"*\"");
  }
  if (path.empty()) {
    return makeError("route " + quoted + ": expected a path after the host, such as \"/*\"");
  }
  if (path.find('?') != std::string_view::npos) {
    return makeError("route " + quoted + ": a route cannot contain a query string");
  }
  if (path.ends_with('*')) {
    route.path_wildcard = true;
    path.remove_suffix(1);
  }
  if (path.find('*') != std::string_view::npos) {
    return makeError("route " + quoted + ": \"*\" may only end the path");
  }
  route.host = lower(host);
  route.path = std::string(path);
  return route;
}

RoutePattern workersDevRoute(const std::string& name, size_t worker) {
  RoutePattern route;
  route.host = name;
  route.first_label = true;
  route.path.push_back('/');
  route.path_wildcard = true;
  route.worker = worker;
  return route;
}

size_t RouteTable::match(std::string_view host_header, std::string_view target) const {
  std::string_view host = host_header;
  if (host.starts_with('[')) {
    host = host.substr(0, host.find(']') + 1);
  } else if (size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  std::string wanted = lower(host);
  std::string_view path = target.substr(0, target.find('?'));
  const RoutePattern* best = nullptr;
  for (const RoutePattern& route : routes_) {
    bool host_ok = route.first_label     ? std::string_view(wanted).substr(0, wanted.find('.')) == route.host
                   : route.host_wildcard ? wanted.ends_with(route.host)
                                         : wanted == route.host;
    bool path_ok = route.path_wildcard ? path.starts_with(route.path) : path == route.path;
    if (host_ok && path_ok && (best == nullptr || specificity(route) > specificity(*best))) best = &route;
  }
  return best == nullptr ? fallback_ : best->worker;
}

}  // namespace edged::server
