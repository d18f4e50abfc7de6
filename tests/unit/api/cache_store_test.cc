// The Cache API's persistent store: entries, expiry, Vary variants, namespaces, the size bound
// with LRU eviction, blob-file bodies and the sweep of orphaned files. The clock is passed in.
#include "api/cache_store.h"

#include <gtest/gtest.h>

#include "../server/temp_dir.h"
#include "edged/storage/blob_file.h"

namespace edged::api::cache {
namespace {

using server::testing::TempDir;

constexpr int64_t kNow = 1'704'067'200'000;  // ms
const CacheId kDefault{"worker", ""};

std::unique_ptr<CacheStore> openStore(const TempDir& dir, CacheLimits limits = {}) {
  auto store = CacheStore::open(dir.path("cache"), limits);
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
  return std::move(store).value();
}

NewEntry entry(std::string url, std::string body, int64_t ttl_ms = 60'000, Headers headers = {},
               Headers request = {}) {
  NewEntry e;
  e.url = std::move(url);
  e.request_headers = std::move(request);
  e.response = {200, "OK", std::move(headers), body.size()};
  e.body.assign(body.begin(), body.end());
  e.expires_at_ms = kNow + ttl_ms;
  return e;
}

std::optional<std::string> bodyOf(CacheStore& store, const CacheId& id, std::string_view url,
                                  int64_t now = kNow, const Headers& request = {}) {
  auto found = store.find(id, url, request, now);
  EXPECT_TRUE(found.ok());
  if (!found.value()) return std::nullopt;
  return std::string(found.value()->body.begin(), found.value()->body.end());
}

TEST(CacheStore, KeepsEntriesAcrossReopening) {
  TempDir dir;
  {
    auto store = openStore(dir);
    ASSERT_TRUE(
        store
            ->insert(kDefault,
                     entry("https://x.test/a", "hello", 60'000, {{"Content-Type", "text/plain"}}),
                     kNow)
            .ok());
  }
  auto store = openStore(dir);
  auto found = store->find(kDefault, "https://x.test/a", {}, kNow + 1);
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->response.status, 200);
  EXPECT_EQ(found.value()->response.status_text, "OK");
  EXPECT_EQ(findHeader(found.value()->response.headers, "content-type"), "text/plain");
  EXPECT_EQ(std::string(found.value()->body.begin(), found.value()->body.end()), "hello");
  EXPECT_EQ(bodyOf(*store, kDefault, "https://x.test/other"), std::nullopt);
}

TEST(CacheStore, ExpiredEntriesAreMissesAndAreDropped) {
  TempDir dir;
  auto store = openStore(dir);
  ASSERT_TRUE(store->insert(kDefault, entry("https://x.test/a", "v", 1000), kNow).ok());
  EXPECT_EQ(bodyOf(*store, kDefault, "https://x.test/a", kNow + 999), "v");
  uint64_t before = store->totalBytes().value();
  EXPECT_GT(before, 0u);
  EXPECT_EQ(bodyOf(*store, kDefault, "https://x.test/a", kNow + 1000), std::nullopt);
  EXPECT_EQ(store->totalBytes().value(), 0u);
}

TEST(CacheStore, PutReplacesTheSameEntry) {
  TempDir dir;
  auto store = openStore(dir);
  ASSERT_TRUE(store->insert(kDefault, entry("https://x.test/a", "one"), kNow).ok());
  ASSERT_TRUE(store->insert(kDefault, entry("https://x.test/a", "two"), kNow).ok());
  EXPECT_EQ(bodyOf(*store, kDefault, "https://x.test/a"), "two");
  auto removed = store->remove(kDefault, "https://x.test/a", kNow);
  EXPECT_TRUE(removed.value());
  EXPECT_FALSE(store->remove(kDefault, "https://x.test/a", kNow).value());
}

TEST(CacheStore, VaryVariantsLiveSideBySide) {
  TempDir dir;
  auto store = openStore(dir);
  Headers vary = {{"Vary", "Accept-Language"}};
  ASSERT_TRUE(
      store
          ->insert(kDefault,
                   entry("https://x.test/a", "bonjour", 60'000, vary, {{"Accept-Language", "fr"}}),
                   kNow)
          .ok());
  ASSERT_TRUE(
      store
          ->insert(kDefault,
                   entry("https://x.test/a", "hello", 60'000, vary, {{"Accept-Language", "en"}}),
                   kNow)
          .ok());
  EXPECT_EQ(bodyOf(*store, kDefault, "https://x.test/a", kNow, {{"accept-language", "fr"}}),
            "bonjour");
  EXPECT_EQ(bodyOf(*store, kDefault, "https://x.test/a", kNow, {{"accept-language", "en"}}),
            "hello");
  EXPECT_EQ(bodyOf(*store, kDefault, "https://x.test/a", kNow, {{"accept-language", "de"}}),
            std::nullopt);
  EXPECT_EQ(bodyOf(*store, kDefault, "https://x.test/a", kNow), std::nullopt);
  // delete() purges every variant of the URL.
  EXPECT_TRUE(store->remove(kDefault, "https://x.test/a", kNow).value());
  EXPECT_EQ(store->totalBytes().value(), 0u);
}

TEST(CacheStore, NamespacesAreSeparate) {
  TempDir dir;
  auto store = openStore(dir);
  ASSERT_TRUE(store->insert(kDefault, entry("https://x.test/a", "default"), kNow).ok());
  ASSERT_TRUE(store->insert({"worker", ":named"}, entry("https://x.test/a", "named"), kNow).ok());
  EXPECT_EQ(bodyOf(*store, kDefault, "https://x.test/a"), "default");
  EXPECT_EQ(bodyOf(*store, {"worker", ":named"}, "https://x.test/a"), "named");
  EXPECT_EQ(bodyOf(*store, {"other-worker", ""}, "https://x.test/a"), std::nullopt);
}

TEST(CacheStore, ConnectionsOfOtherThreadsSeeEachOthersEntries) {
  TempDir dir;
  auto writer = openStore(dir);
  auto reader = openStore(dir);
  ASSERT_TRUE(writer->insert(kDefault, entry("https://x.test/a", "shared"), kNow).ok());
  EXPECT_EQ(bodyOf(*reader, kDefault, "https://x.test/a"), "shared");
  ASSERT_TRUE(reader->remove(kDefault, "https://x.test/a", kNow).ok());
  EXPECT_EQ(bodyOf(*writer, kDefault, "https://x.test/a"), std::nullopt);
}

// Each entry costs its body + headers + URL; 3 entries of ~1 KB do not fit in 2.5 KB.
TEST(CacheStore, EvictsTheLeastRecentlyUsedOverTheBound) {
  TempDir dir;
  auto store = openStore(dir, {.max_total_bytes = 2500, .max_entry_bytes = 2500});
  std::string kb(1000, 'x');
  ASSERT_TRUE(store->insert(kDefault, entry("https://x.test/a", kb), kNow).ok());
  ASSERT_TRUE(store->insert(kDefault, entry("https://x.test/b", kb), kNow + 10).ok());
  // A match of "a" later than the touch interval makes "b" the least recently used.
  EXPECT_TRUE(bodyOf(*store, kDefault, "https://x.test/a", kNow + kTouchIntervalMs + 20));
  ASSERT_TRUE(
      store->insert(kDefault, entry("https://x.test/c", kb), kNow + kTouchIntervalMs + 30).ok());
  EXPECT_TRUE(bodyOf(*store, kDefault, "https://x.test/a", kNow + 2000));
  EXPECT_FALSE(bodyOf(*store, kDefault, "https://x.test/b", kNow + 2000));
  EXPECT_TRUE(bodyOf(*store, kDefault, "https://x.test/c", kNow + 2000));
  EXPECT_LE(store->totalBytes().value(), 2500u);
}

TEST(CacheStore, EvictsExpiredEntriesFirstAndNeverStoresWhatCannotFit) {
  TempDir dir;
  auto store = openStore(dir, {.max_total_bytes = 2500, .max_entry_bytes = 2500});
  std::string kb(1000, 'x');
  ASSERT_TRUE(store->insert(kDefault, entry("https://x.test/old", kb, 60'000), kNow).ok());
  ASSERT_TRUE(store->insert(kDefault, entry("https://x.test/short", kb, 5), kNow + 1).ok());
  ASSERT_TRUE(store->insert(kDefault, entry("https://x.test/new", kb), kNow + 10).ok());
  EXPECT_TRUE(bodyOf(*store, kDefault, "https://x.test/old", kNow + 20));  // LRU, but fresh
  EXPECT_TRUE(bodyOf(*store, kDefault, "https://x.test/new", kNow + 20));
  ASSERT_TRUE(
      store->insert(kDefault, entry("https://x.test/huge", std::string(3000, 'x')), kNow).ok());
  EXPECT_FALSE(bodyOf(*store, kDefault, "https://x.test/huge", kNow + 20));
}

TEST(CacheStore, BlobBodiesAreFilesRemovedWithTheirEntry) {
  TempDir dir;
  auto store = openStore(dir, {.max_total_bytes = 1 << 20, .max_entry_bytes = 1 << 20});
  std::string blob = store->newBlobName().value();
  std::string body(200'000, 'b');
  ASSERT_TRUE(
      storage::writeFileAtomically(store->blobPath(blob),
                                   {reinterpret_cast<const uint8_t*>(body.data()), body.size()})
          .ok());
  NewEntry e = entry("https://x.test/big", "");
  e.response.size = body.size();
  e.body.clear();
  e.blob = blob;
  ASSERT_TRUE(store->insert(kDefault, e, kNow).ok());
  auto found = store->find(kDefault, "https://x.test/big", {}, kNow);
  ASSERT_TRUE(found.value());
  EXPECT_EQ(found.value()->blob, blob);
  EXPECT_EQ(found.value()->response.size, body.size());
  EXPECT_GE(store->totalBytes().value(), body.size());
  // Replacing the entry removes the old file.
  ASSERT_TRUE(store->insert(kDefault, entry("https://x.test/big", "small"), kNow).ok());
  EXPECT_FALSE(std::filesystem::exists(store->blobPath(blob)));
}

TEST(CacheStore, SweepsOrphanedAndTemporaryFilesButKeepsReferencedOnes) {
  TempDir dir;
  auto store = openStore(dir);
  std::string kept = store->newBlobName().value();
  std::string orphan = store->newBlobName().value();
  const uint8_t byte[] = {1};
  ASSERT_TRUE(storage::writeFileAtomically(store->blobPath(kept), byte).ok());
  ASSERT_TRUE(storage::writeFileAtomically(store->blobPath(orphan), byte).ok());
  // What a writer killed mid-put leaves: a temporary file next to the blobs.
  std::filesystem::path temporary = store->blobPath(kept).string() + ".tmp-AbCdEf";
  ASSERT_TRUE(storage::writeFileAtomically(temporary, byte).ok());
  NewEntry e = entry("https://x.test/kept", "");
  e.blob = kept;
  e.response.size = 1;
  ASSERT_TRUE(store->insert(kDefault, e, kNow).ok());
  EXPECT_EQ(store->sweepOrphans(std::chrono::seconds(3600)).value(), 0);  // all too young
  EXPECT_EQ(store->sweepOrphans(std::chrono::seconds(0)).value(), 2);
  EXPECT_TRUE(std::filesystem::exists(store->blobPath(kept)));
  EXPECT_FALSE(std::filesystem::exists(store->blobPath(orphan)));
}

TEST(CacheStore, OneConnectionClaimsEachSweep) {
  TempDir dir;
  auto a = openStore(dir);
  auto b = openStore(dir);
  EXPECT_TRUE(a->claimSweep(kNow, 1000).value());
  EXPECT_FALSE(b->claimSweep(kNow + 10, 1000).value());
  EXPECT_TRUE(b->claimSweep(kNow + 1000, 1000).value());
}

}  // namespace
}  // namespace edged::api::cache
