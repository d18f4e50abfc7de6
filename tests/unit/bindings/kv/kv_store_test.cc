// A KV namespace's file: values, expiration and metadata round trips, expired keys hidden then
// purged, list() pages in byte order with prefixes and cursors, two connections on one file,
// and the data surviving a reopen.
#include "edged/bindings/kv/kv_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace edged::bindings::kv {
namespace {

std::span<const uint8_t> bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

class KvStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("edged-kv-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    store_ = open();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<KvStore> open() {
    auto store = KvStore::open(dir_ / "kv" / "ns.sqlite");
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return std::move(store).value();
  }
  std::string value(std::string_view key, int64_t now = 1000) {
    auto entry = store_->get(key, now);
    if (!entry.ok()) return "error: " + entry.error().message;
    return entry.value() ? entry.value()->value : "<none>";
  }
  // "name,name,… | cursor" of one page.
  std::string page(const KvListOptions& options, int64_t now = 1000) {
    auto listed = store_->list(options, now);
    if (!listed.ok()) return "error: " + listed.error().message;
    std::string out;
    for (const KvListKey& key : listed->keys) out += (out.empty() ? "" : ",") + key.name;
    if (listed->cursor) out += " | more";
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<KvStore> store_;
};

TEST_F(KvStoreTest, PutGetReplaceDelete) {
  EXPECT_EQ(value("k"), "<none>");
  ASSERT_TRUE(store_->put("k", bytes(std::string("\0\xff bin", 6)), std::nullopt, std::nullopt).ok());
  EXPECT_EQ(value("k"), std::string("\0\xff bin", 6));
  ASSERT_TRUE(store_->put("k", bytes("v2"), 5000, R"({"a":1})").ok());
  auto entry = store_->get("k", 1000).value();
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->value, "v2");
  EXPECT_EQ(entry->expiration, 5000);
  EXPECT_EQ(entry->metadata, R"({"a":1})");
  // A put without options clears what the previous one set.
  ASSERT_TRUE(store_->put("k", bytes("v3"), std::nullopt, std::nullopt).ok());
  entry = store_->get("k", 1000).value();
  EXPECT_FALSE(entry->expiration.has_value());
  EXPECT_FALSE(entry->metadata.has_value());
  EXPECT_EQ(store_->valueSize("k", 1000).value(), 2u);
  ASSERT_TRUE(store_->remove("k").ok());
  ASSERT_TRUE(store_->remove("k").ok());  // deleting a missing key is not an error
  EXPECT_EQ(value("k"), "<none>");
  EXPECT_FALSE(store_->valueSize("k", 1000).value().has_value());
}

TEST_F(KvStoreTest, EmptyValueAndUnicodeKeys) {
  ASSERT_TRUE(store_->put("empty", bytes(""), std::nullopt, std::nullopt).ok());
  ASSERT_TRUE(store_->put("héllo 🦆", bytes("duck"), std::nullopt, std::nullopt).ok());
  EXPECT_EQ(value("empty"), "");
  EXPECT_EQ(value("héllo 🦆"), "duck");
}

TEST_F(KvStoreTest, ExpiredEntriesAreHiddenThenPurged) {
  ASSERT_TRUE(store_->put("old", bytes("x"), 1060, std::nullopt).ok());
  ASSERT_TRUE(store_->put("new", bytes("y"), 2000, std::nullopt).ok());
  ASSERT_TRUE(store_->put("forever", bytes("z"), std::nullopt, std::nullopt).ok());
  EXPECT_EQ(value("old", 1059), "x");
  EXPECT_EQ(value("old", 1060), "<none>");  // expiration is the first second it is gone
  EXPECT_FALSE(store_->valueSize("old", 1060).value().has_value());
  EXPECT_EQ(page({}, 1060), "forever,new");
  EXPECT_EQ(store_->purgeExpired(1060, 1000).value(), 1);
  EXPECT_EQ(store_->purgeExpired(1060, 1000).value(), 0);
  EXPECT_EQ(value("old", 0), "<none>");  // gone for good, whatever the clock says
  EXPECT_EQ(page({}, 3000), "forever");
  EXPECT_EQ(store_->purgeExpired(3000, 1000).value(), 1);
}

TEST_F(KvStoreTest, ListOrdersByBytesAndPages) {
  for (const char* key : {"b", "a", "ab", "a\xc3\xa9", "aa", "c", "B"}) {
    ASSERT_TRUE(store_->put(key, bytes("v"), std::nullopt, std::nullopt).ok());
  }
  EXPECT_EQ(page({}), "B,a,aa,ab,a\xc3\xa9,b,c");
  KvListOptions first;
  first.limit = 3;
  auto listed = store_->list(first, 1000).value();
  ASSERT_EQ(listed.keys.size(), 3u);
  ASSERT_TRUE(listed.cursor.has_value());
  KvListOptions next = first;
  next.cursor = *listed.cursor;
  EXPECT_EQ(page(next), "ab,a\xc3\xa9,b | more");
  next.limit = 10;
  EXPECT_EQ(page(next), "ab,a\xc3\xa9,b,c");
  // A page that ends exactly at the last key has no cursor.
  KvListOptions exact;
  exact.limit = 7;
  EXPECT_EQ(page(exact), "B,a,aa,ab,a\xc3\xa9,b,c");
}

TEST_F(KvStoreTest, ListPrefixAndMetadata) {
  ASSERT_TRUE(store_->put("user:1", bytes("v"), 9999, R"({"n":1})").ok());
  ASSERT_TRUE(store_->put("user:2", bytes("v"), std::nullopt, std::nullopt).ok());
  ASSERT_TRUE(store_->put("user;", bytes("v"), std::nullopt, std::nullopt).ok());
  ASSERT_TRUE(store_->put("users", bytes("v"), std::nullopt, std::nullopt).ok());
  KvListOptions options;
  options.prefix = "user:";
  auto listed = store_->list(options, 1000).value();
  ASSERT_EQ(listed.keys.size(), 2u);
  EXPECT_EQ(listed.keys[0].name, "user:1");
  EXPECT_EQ(listed.keys[0].expiration, 9999);
  EXPECT_EQ(listed.keys[0].metadata, R"({"n":1})");
  EXPECT_FALSE(listed.keys[1].expiration.has_value());
  EXPECT_FALSE(listed.keys[1].metadata.has_value());
  options.prefix = "\xff\xff";
  EXPECT_EQ(page(options), "");
  options.prefix = "zzz";
  EXPECT_EQ(page(options), "");
}

TEST_F(KvStoreTest, CursorsRoundTripAnyKey) {
  for (std::string key : {std::string("a"), std::string("héllo 🦆"), std::string(512, 'x'),
                          std::string("\0\x01\xff", 3)}) {
    EXPECT_EQ(decodeCursor(encodeCursor(key)), key);
  }
  EXPECT_EQ(decodeCursor("not a cursor!"), "");
}

TEST_F(KvStoreTest, SurvivesReopenAndSharesTheFile) {
  ASSERT_TRUE(store_->put("k", bytes("v"), std::nullopt, std::nullopt).ok());
  std::unique_ptr<KvStore> other = open();
  EXPECT_EQ(other->get("k", 1000).value()->value, "v");
  ASSERT_TRUE(other->put("k2", bytes("w"), std::nullopt, std::nullopt).ok());
  EXPECT_EQ(value("k2"), "w");
  store_.reset();
  other.reset();
  store_ = open();
  EXPECT_EQ(value("k"), "v");
  EXPECT_EQ(value("k2"), "w");
}

// Writers on several threads, each with its own connection (as serving threads have): every
// write lands, none fails with SQLITE_BUSY.
TEST_F(KvStoreTest, ConcurrentWritersFromThreads) {
  constexpr int kThreads = 4;
  constexpr int kWrites = 200;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto store = KvStore::open(dir_ / "kv" / "ns.sqlite");
      if (!store.ok()) {
        failures[t] = kWrites;
        return;
      }
      for (int i = 0; i < kWrites; ++i) {
        std::string key = "t" + std::to_string(t) + ":" + std::to_string(i);
        if (!store.value()->put(key, bytes(key), std::nullopt, std::nullopt).ok()) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
  KvListOptions options;
  options.limit = 1000;
  EXPECT_EQ(store_->list(options, 1000).value().keys.size(), size_t{kThreads * kWrites});
}

}  // namespace
}  // namespace edged::bindings::kv
