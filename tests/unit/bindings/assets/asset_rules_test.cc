// The tables of Cloudflare's "HTML handling" and "Not found" documentation, row by row.
#include "edged/bindings/assets/asset_rules.h"

#include <gtest/gtest.h>

#include "asset_fixture.h"

namespace edged::bindings::assets {
namespace {

class AssetRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("file.html", "file");
    dir_.write("folder/index.html", "folder");
    dir_.write("index.html", "home");
    dir_.write("logo.png", "png");
    dir_.write("docs/404.html", "docs missing");
    dir_.write("404.html", "missing");
    auto built = AssetIndex::build(dir_.root());
    ASSERT_TRUE(built.ok()) << built.error().message;
    index_ = std::move(built).value();
  }

  // "200 /file.html", "307 /file", or "none".
  std::string resolve(std::string_view path, HtmlHandling html,
                      NotFoundHandling not_found = NotFoundHandling::kNone) {
    auto intent = resolveIntent(*index_, path, AssetRules{html, not_found});
    if (!intent) return "none";
    if (intent->asset == nullptr) return "307 " + intent->redirect;
    std::string file =
        intent->asset->file.lexically_relative(std::filesystem::canonical(dir_.root()))
            .generic_string();
    return std::to_string(intent->status) + " /" + file;
  }

  AssetDir dir_;
  std::shared_ptr<const AssetIndex> index_;
};

TEST_F(AssetRulesTest, AutoTrailingSlash) {
  auto h = HtmlHandling::kAutoTrailingSlash;
  EXPECT_EQ(resolve("/file", h), "200 /file.html");
  EXPECT_EQ(resolve("/file.html", h), "307 /file");
  EXPECT_EQ(resolve("/file/", h), "307 /file");
  EXPECT_EQ(resolve("/file/index", h), "307 /file");
  EXPECT_EQ(resolve("/file/index.html", h), "307 /file");
  EXPECT_EQ(resolve("/folder", h), "307 /folder/");
  EXPECT_EQ(resolve("/folder.html", h), "307 /folder/");
  EXPECT_EQ(resolve("/folder/", h), "200 /folder/index.html");
  EXPECT_EQ(resolve("/folder/index", h), "307 /folder/");
  EXPECT_EQ(resolve("/folder/index.html", h), "307 /folder/");
  EXPECT_EQ(resolve("/", h), "200 /index.html");
  EXPECT_EQ(resolve("/index.html", h), "307 /");
  EXPECT_EQ(resolve("/logo.png", h), "200 /logo.png");
  EXPECT_EQ(resolve("/nothing", h), "none");
}

TEST_F(AssetRulesTest, ForceTrailingSlash) {
  auto h = HtmlHandling::kForceTrailingSlash;
  EXPECT_EQ(resolve("/file", h), "307 /file/");
  EXPECT_EQ(resolve("/file.html", h), "307 /file/");
  EXPECT_EQ(resolve("/file/", h), "200 /file.html");
  EXPECT_EQ(resolve("/file/index.html", h), "307 /file/");
  EXPECT_EQ(resolve("/folder", h), "307 /folder/");
  EXPECT_EQ(resolve("/folder.html", h), "307 /folder/");
  EXPECT_EQ(resolve("/folder/", h), "200 /folder/index.html");
  EXPECT_EQ(resolve("/folder/index.html", h), "307 /folder/");
  EXPECT_EQ(resolve("/logo.png", h), "200 /logo.png");
}

TEST_F(AssetRulesTest, DropTrailingSlash) {
  auto h = HtmlHandling::kDropTrailingSlash;
  EXPECT_EQ(resolve("/file", h), "200 /file.html");
  EXPECT_EQ(resolve("/file.html", h), "307 /file");
  EXPECT_EQ(resolve("/file/", h), "307 /file");
  EXPECT_EQ(resolve("/folder", h), "200 /folder/index.html");
  EXPECT_EQ(resolve("/folder/", h), "307 /folder");
  EXPECT_EQ(resolve("/folder.html", h), "307 /folder");
  EXPECT_EQ(resolve("/folder/index.html", h), "307 /folder");
  EXPECT_EQ(resolve("/", h), "200 /index.html");
  EXPECT_EQ(resolve("/index.html", h), "307 /");
}

TEST_F(AssetRulesTest, NoneServesExactPathsOnly) {
  auto h = HtmlHandling::kNone;
  EXPECT_EQ(resolve("/file", h), "none");
  EXPECT_EQ(resolve("/file.html", h), "200 /file.html");
  EXPECT_EQ(resolve("/folder/", h), "none");
  EXPECT_EQ(resolve("/folder/index.html", h), "200 /folder/index.html");
}

TEST_F(AssetRulesTest, NotFoundPageIsTheNearestUpTheTree) {
  auto h = HtmlHandling::kAutoTrailingSlash;
  auto page = NotFoundHandling::kNotFoundPage;
  EXPECT_EQ(resolve("/docs/missing/deeper", h, page), "404 /docs/404.html");
  EXPECT_EQ(resolve("/docs/missing", h, page), "404 /docs/404.html");
  EXPECT_EQ(resolve("/elsewhere/x.js", h, page), "404 /404.html");
}

TEST_F(AssetRulesTest, SinglePageApplicationServesTheRootIndex) {
  auto h = HtmlHandling::kAutoTrailingSlash;
  auto spa = NotFoundHandling::kSinglePageApplication;
  EXPECT_EQ(resolve("/app/route/42", h, spa), "200 /index.html");
  EXPECT_EQ(resolve("/file", h, spa), "200 /file.html");
}

TEST(AssetIndexTest, SkipsSymlinksOutOfTheDirectoryAndIgnoredFiles) {
  AssetDir outside;
  outside.write("secret.txt", "secret");
  AssetDir dir;
  dir.write("public.txt", "public");
  dir.write("drafts/a.md", "draft");
  dir.write("notes.bak", "bak");
  dir.write(".assetsignore", "# comment\ndrafts/\n*.bak\n");
  dir.write("_headers", "/*\n  X-Frame-Options: DENY\n");
  dir.write("_redirects", "/old /new 301\n");
  std::filesystem::create_symlink(outside.root() / "secret.txt", dir.root() / "leak.txt");
  std::filesystem::create_directory_symlink(outside.root(), dir.root() / "leakdir");
  std::filesystem::create_symlink(dir.root() / "public.txt", dir.root() / "alias.txt");
  auto index = AssetIndex::build(dir.root());
  ASSERT_TRUE(index.ok()) << index.error().message;
  EXPECT_NE((*index)->find("/public.txt"), nullptr);
  EXPECT_NE((*index)->find("/alias.txt"), nullptr);
  EXPECT_EQ((*index)->find("/leak.txt"), nullptr);
  EXPECT_EQ((*index)->find("/leakdir/secret.txt"), nullptr);
  EXPECT_EQ((*index)->find("/drafts/a.md"), nullptr);
  EXPECT_EQ((*index)->find("/notes.bak"), nullptr);
  EXPECT_EQ((*index)->find("/.assetsignore"), nullptr);
  EXPECT_EQ((*index)->find("/_headers"), nullptr);
  EXPECT_EQ((*index)->find("/_redirects"), nullptr);
  EXPECT_EQ((*index)->size(), 2u);
}

TEST(AssetIndexTest, EtagIsAContentHashAndTypesComeFromExtensions) {
  AssetDir dir;
  dir.write("a.css", "body{}");
  dir.write("b/c.css", "body{}");
  dir.write("d.js", "1");
  dir.write("README", "x");
  auto index = AssetIndex::build(dir.root());
  ASSERT_TRUE(index.ok());
  EXPECT_EQ((*index)->find("/a.css")->etag, (*index)->find("/b/c.css")->etag);
  EXPECT_EQ((*index)->find("/a.css")->etag.size(), 32u);
  EXPECT_NE((*index)->find("/a.css")->etag, (*index)->find("/d.js")->etag);
  EXPECT_EQ((*index)->find("/a.css")->content_type, "text/css; charset=utf-8");
  EXPECT_EQ((*index)->find("/d.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ((*index)->find("/README")->content_type, "application/octet-stream");
}

TEST(AssetIndexTest, AMissingDirectoryIsAnError) {
  auto index = AssetIndex::build("/nonexistent/edged-assets");
  ASSERT_FALSE(index.ok());
  EXPECT_NE(index.error().message.find("does not exist"), std::string::npos);
}

}  // namespace
}  // namespace edged::bindings::assets
