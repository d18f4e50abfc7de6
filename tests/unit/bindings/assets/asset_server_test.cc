#include "edged/bindings/assets/asset_server.h"

#include <gtest/gtest.h>

#include "asset_fixture.h"

namespace edged::bindings::assets {
namespace {

std::string headerOf(const AssetResponse& response, std::string_view name) {
  for (const net::HttpHeader& h : response.headers) {
    if (h.name == name) return h.value;
  }
  return "";
}

class AssetServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("index.html", "<h1>home</h1>");
    dir_.write("about.html", "about");
    dir_.write("data.txt", "0123456789");
    dir_.write("[x].txt", "bracket");
  }

  std::shared_ptr<const AssetServer> server(config::Assets assets, bool has_worker) {
    assets.directory = dir_.root();
    auto loaded = AssetServer::load(assets, has_worker);
    EXPECT_TRUE(loaded.ok());
    return std::move(loaded).value();
  }

  AssetResponse fetch(const AssetServer& s, std::string_view target,
                      std::vector<net::HttpHeader> headers = {}, std::string_view method = "GET") {
    return s.fetch({method, target, &headers});
  }

  AssetDir dir_;
};

TEST_F(AssetServerTest, ServesWithStrongEtagTypeAndRevalidation) {
  auto s = server({}, true);
  AssetResponse r = fetch(*s, "/data.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.length, 10u);
  std::string etag = headerOf(r, "ETag");
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(headerOf(r, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(headerOf(r, "Cache-Control"), "public, max-age=0, must-revalidate");
  EXPECT_EQ(fetch(*s, "/data.txt", {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(fetch(*s, "/data.txt", {{"If-None-Match", "W/" + etag}}).status, 304);
  EXPECT_EQ(fetch(*s, "/data.txt", {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(AssetServerTest, SingleRangesAnd416) {
  auto s = server({}, true);
  AssetResponse r = fetch(*s, "/data.txt", {{"Range", "bytes=2-5"}});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.offset, 2u);
  EXPECT_EQ(r.length, 4u);
  EXPECT_EQ(headerOf(r, "Content-Range"), "bytes 2-5/10");
  EXPECT_EQ(headerOf(r, "Cache-Control"), "");
  r = fetch(*s, "/data.txt", {{"Range", "bytes=-3"}});
  EXPECT_EQ(headerOf(r, "Content-Range"), "bytes 7-9/10");
  r = fetch(*s, "/data.txt", {{"Range", "bytes=8-"}});
  EXPECT_EQ(headerOf(r, "Content-Range"), "bytes 8-9/10");
  r = fetch(*s, "/data.txt", {{"Range", "bytes=10-"}});
  EXPECT_EQ(r.status, 416);
  EXPECT_EQ(headerOf(r, "Content-Range"), "bytes */10");
  EXPECT_EQ(r.file, nullptr);
  // Malformed or several ranges: the whole asset (RFC 9110 §14.2 lets a server ignore Range).
  EXPECT_EQ(fetch(*s, "/data.txt", {{"Range", "bytes=1-2,4-5"}}).status, 200);
  EXPECT_EQ(fetch(*s, "/data.txt", {{"Range", "lines=1-2"}}).status, 200);
}

TEST_F(AssetServerTest, HeadAndOtherMethods) {
  auto s = server({}, true);
  AssetResponse head = fetch(*s, "/data.txt", {}, "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.head);
  EXPECT_EQ(head.length, 10u);
  EXPECT_EQ(fetch(*s, "/data.txt", {}, "POST").status, 405);
}

TEST_F(AssetServerTest, RedirectsKeepTheQueryAndCanonicalizeEncoding) {
  auto s = server({}, true);
  AssetResponse r = fetch(*s, "/about.html?x=1");
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(headerOf(r, "Location"), "/about?x=1");
  r = fetch(*s, "/[x].txt");
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(headerOf(r, "Location"), "/%5Bx%5D.txt");
  EXPECT_EQ(fetch(*s, "/%5Bx%5D.txt").status, 200);
}

TEST_F(AssetServerTest, MissesGoToTheWorkerUnlessNavigating) {
  config::Assets assets;
  assets.not_found_handling = "single-page-application";
  auto s = server(assets, true);
  std::vector<net::HttpHeader> none;
  EXPECT_FALSE(s->route({"GET", "/app/page", &none}));
  std::vector<net::HttpHeader> navigate = {{"Sec-Fetch-Mode", "navigate"}};
  auto spa = s->route({"GET", "/app/page", &navigate});
  ASSERT_TRUE(spa);
  EXPECT_EQ(spa->status, 200);
  EXPECT_TRUE(s->route({"GET", "/data.txt", &none}));
  // Traversal never reaches a file: the Worker (or a 404) answers.
  EXPECT_FALSE(s->route({"GET", "/..%2fdata.txt", &none}));
  // An assets-only Worker answers every miss itself.
  auto only = server({}, false);
  auto missing = only->route({"GET", "/nope", &none});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(AssetServerTest, NavigationMissesGoToTheWorkerBeforeTheCompatibilityFlag) {
  config::Assets assets;
  assets.directory = dir_.root();
  assets.not_found_handling = "single-page-application";
  auto loaded = AssetServer::load(assets, true, /*navigation_prefers_assets=*/false);
  ASSERT_TRUE(loaded.ok());
  std::vector<net::HttpHeader> navigate = {{"Sec-Fetch-Mode", "navigate"}};
  EXPECT_FALSE((*loaded)->route({"GET", "/app/page", &navigate}));
  EXPECT_TRUE((*loaded)->route({"GET", "/data.txt", &navigate}));
}

TEST_F(AssetServerTest, RunWorkerFirst) {
  config::Assets all;
  all.run_worker_first = true;
  std::vector<net::HttpHeader> none;
  EXPECT_FALSE(server(all, true)->route({"GET", "/data.txt", &none}));
  config::Assets some;
  some.run_worker_first_routes = {"/api/*", "!/api/docs/*"};
  auto s = server(some, true);
  EXPECT_FALSE(s->route({"GET", "/api/x", &none}));
  EXPECT_TRUE(s->route({"GET", "/data.txt", &none}));
  dir_.write("api/docs/index.html", "docs");
  auto again = server(some, true);
  EXPECT_TRUE(again->route({"GET", "/api/docs/", &none}));
}

TEST_F(AssetServerTest, RedirectsFileAppliesBeforeAssetsAndWorker) {
  dir_.write("_redirects",
             "/data.txt /about 301\n"
             "/go/:id /about?id=:id 308\n"
             "/docs/* /data.txt 200\n"
             "/gone/* /nothing-here 200\n"
             "/broken\n");
  std::vector<net::HttpHeader> none;
  auto s = server({}, true);
  // Even an existing asset is redirected, whatever the method.
  auto moved = s->route({"POST", "/data.txt?q=1", &none});
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->status, 301);
  EXPECT_EQ(headerOf(*moved, "Location"), "/about?q=1");
  AssetResponse placeholder = fetch(*s, "/go/42?q=1");
  EXPECT_EQ(placeholder.status, 308);
  EXPECT_EQ(headerOf(placeholder, "Location"), "/about?id=42");
  // A 200 rule serves the other asset at the requested URL.
  auto rewritten = s->route({"GET", "/docs/any/thing", &none});
  ASSERT_TRUE(rewritten);
  EXPECT_EQ(rewritten->status, 200);
  ASSERT_NE(rewritten->file, nullptr);
  EXPECT_EQ(rewritten->length, 10u);
  // …and a 200 rule to nothing is a 404, not the Worker.
  auto missing = s->route({"GET", "/gone/x", &none});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  // run_worker_first is decided before any rule.
  config::Assets first;
  first.run_worker_first = true;
  EXPECT_FALSE(server(first, true)->route({"GET", "/data.txt", &none}));
}

TEST_F(AssetServerTest, HeadersFileAppliesToEveryAssetAnswer) {
  dir_.write("_headers",
             "/*\n  X-Frame-Options: DENY\n"
             "/data.txt\n  Cache-Control: no-store\n  ! X-Frame-Options\n"
             "https://:sub.example.com/*\n  X-Sub: :sub\n");
  dir_.write("_redirects", "/old /about\n");
  auto s = server({}, true);
  AssetResponse about = fetch(*s, "/about");
  EXPECT_EQ(headerOf(about, "x-frame-options"), "DENY");
  EXPECT_EQ(headerOf(about, "Cache-Control"), "public, max-age=0, must-revalidate");
  AssetResponse data = fetch(*s, "/data.txt");
  EXPECT_EQ(headerOf(data, "cache-control"), "no-store");
  EXPECT_EQ(headerOf(data, "x-frame-options"), "");
  EXPECT_EQ(headerOf(fetch(*s, "/old"), "x-frame-options"), "DENY");
  EXPECT_EQ(headerOf(fetch(*s, "/nope"), "x-frame-options"), "DENY");
  EXPECT_EQ(headerOf(fetch(*s, "/about", {{"Host", "Blog.Example.com:8787"}}), "x-sub"), "blog");
  EXPECT_EQ(headerOf(fetch(*s, "https://docs.example.com/about"), "x-sub"), "docs");
  // A miss the Worker answers gets none of them.
  std::vector<net::HttpHeader> none;
  EXPECT_FALSE(s->route({"GET", "/nope", &none}));
}

TEST_F(AssetServerTest, RuleFilesAreNeverServed) {
  dir_.write("_redirects", "/a /b\n");
  dir_.write("_headers", "/*\n  X-A: 1\n");
  auto s = server({}, false);
  EXPECT_EQ(fetch(*s, "/_redirects").status, 404);
  EXPECT_EQ(fetch(*s, "/_headers").status, 404);
}

TEST_F(AssetServerTest, RuleFileWarningsNameFileAndLine) {
  dir_.write("_redirects", "/ok /fine\n/bad\n");
  dir_.write("_headers", "X-A: 1\n");
  std::vector<std::string> warnings;
  AssetRuleFiles files =
      AssetRuleFiles::read(dir_.root(), HtmlHandling::kAutoTrailingSlash, &warnings);
  EXPECT_EQ(files.redirects.size(), 1u);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0], (dir_.root() / "_redirects").string() +
                             ":2: Expected exactly 2 or 3 whitespace-separated tokens. Got 1.");
  EXPECT_EQ(warnings[1],
            (dir_.root() / "_headers").string() + ":1: Path should come before header (x-a: 1)");
}

TEST(RoutePattern, StarsMatchAnyRun) {
  EXPECT_TRUE(routePatternMatches("/api/*", "/api/a/b"));
  EXPECT_TRUE(routePatternMatches("/*.json", "/x/y.json"));
  EXPECT_FALSE(routePatternMatches("/api/*", "/apix"));
  EXPECT_TRUE(routePatternMatches("/exact", "/exact"));
  EXPECT_FALSE(routePatternMatches("/exact", "/exact/"));
}

}  // namespace
}  // namespace edged::bindings::assets
