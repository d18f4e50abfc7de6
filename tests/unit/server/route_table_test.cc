#include "edged/server/route_table.h"

#include <gtest/gtest.h>

namespace edged::server {
namespace {

RoutePattern route(std::string_view pattern, size_t worker, bool custom_domain = false) {
  Result<RoutePattern> parsed = parseRoutePattern(pattern, custom_domain, worker);
  EXPECT_TRUE(parsed.ok()) << pattern << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed.value() : RoutePattern{};
}

std::string errorOf(std::string_view pattern, bool custom_domain = false) {
  Result<RoutePattern> parsed = parseRoutePattern(pattern, custom_domain, 0);
  return parsed.ok() ? "ok" : parsed.error().message;
}

TEST(RouteTableTest, UnmatchedRequestsGoToTheFallback) {
  RouteTable table(2);
  table.add(route("api.example.com/*", 1));
  EXPECT_EQ(table.match("other.example.com", "/"), 2u);
  EXPECT_EQ(table.match("api.example.com", "/x"), 1u);
}

TEST(RouteTableTest, HostIgnoresPortAndCasePathIgnoresQuery) {
  RouteTable table;
  table.add(route("Example.com/exact", 1));
  EXPECT_EQ(table.match("EXAMPLE.com:8787", "/exact?x=1"), 1u);
  EXPECT_EQ(table.match("example.com", "/exact/more"), 0u);
  EXPECT_EQ(table.match("example.com", "/Exact"), 0u);  // paths are case-sensitive
}

TEST(RouteTableTest, WildcardsMatchHostSuffixesAndPathPrefixes) {
  RouteTable table;
  table.add(route("*.example.com/*", 1));
  table.add(route("*shop.test/items*", 2));
  EXPECT_EQ(table.match("a.b.example.com", "/anything"), 1u);
  EXPECT_EQ(table.match("example.com", "/"), 0u);  // "*." needs a subdomain
  EXPECT_EQ(table.match("shop.test", "/items"), 2u);
  EXPECT_EQ(table.match("myshop.test", "/items/7"), 2u);
  EXPECT_EQ(table.match("shop.test", "/item"), 0u);
}

TEST(RouteTableTest, TheMostSpecificRouteWins) {
  RouteTable table;
  table.add(route("*example.com/*", 1));
  table.add(route("example.com/*", 2));
  table.add(route("example.com/api/*", 3));
  table.add(route("example.com/api/v1", 4));
  table.add(route("example.com", 5, /*custom_domain=*/true));
  table.add(route("www.example.com/*", 6));
  EXPECT_EQ(table.match("www.example.com", "/api/x"), 6u);
  EXPECT_EQ(table.match("sub.example.com", "/"), 1u);
  EXPECT_EQ(table.match("example.com", "/api/v1"), 5u);  // a custom domain takes its whole host
  RouteTable routes_only;
  routes_only.add(route("example.com/*", 2));
  routes_only.add(route("example.com/api/*", 3));
  routes_only.add(route("example.com/api/v1", 4));
  EXPECT_EQ(routes_only.match("example.com", "/api/v1"), 4u);
  EXPECT_EQ(routes_only.match("example.com", "/api/v2"), 3u);
  EXPECT_EQ(routes_only.match("example.com", "/"), 2u);
}

TEST(RouteTableTest, ADeployedWorkerAnswersToItsNameAsFirstLabelBelowEveryRoute) {
  RouteTable table;
  table.add(workersDevRoute("site", 3));
  table.add(route("site.example.com/api/*", 1));
  EXPECT_EQ(table.match("site.localhost:8787", "/"), 3u);
  EXPECT_EQ(table.match("site.example.workers.dev", "/x"), 3u);
  EXPECT_EQ(table.match("site.example.com", "/api/v1"), 1u);
  EXPECT_EQ(table.match("website.localhost", "/"), 0u);
}

TEST(RouteTableTest, BadPatternsAreRefusedWithTheReason) {
  EXPECT_EQ(errorOf("example.com"), "route \"example.com\": expected a path after the host, such as \"/*\"");
  EXPECT_EQ(errorOf("example.com/a*b"), "route \"example.com/a*b\": \"*\" may only end the path");
  EXPECT_EQ(errorOf("example.com/?q=1"), "route \"example.com/?q=1\": a route cannot contain a query string");
  EXPECT_EQ(errorOf("ex ample.com/*"), "route \"ex ample.com/*\": expected a host name, optionally starting with \"*\"");
  EXPECT_EQ(errorOf("example.com/*", true),
            "custom domain \"example.com/*\": expected a host name without a path or wildcards");
  EXPECT_EQ(errorOf("https://example.com/*"), "ok");
}

}  // namespace
}  // namespace edged::server
