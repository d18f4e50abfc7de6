// The key-value API of a Durable Object's storage: get/put/delete of one key or many, list()
// with every option Cloudflare defines, deleteAll(), and the limits with workerd's messages.
#include <string>
#include <vector>

#include "storage_fixture.h"

namespace edged::bindings::durable_objects::testing {
namespace {

// "key=value,key=value" of list()'s answer.
std::string listed(ObjectStorage& object, const ListOptions& options) {
  auto entries = object.list(options);
  if (!entries.ok()) return describe(entries);
  std::string out;
  for (const KeyValue& entry : entries.value()) {
    if (!out.empty()) out += ',';
    out += entry.key + "=" + entry.value;
  }
  return out;
}

class KvTest : public StorageTest {
 protected:
  void SetUp() override {
    for (const char* key : {"a", "ab", "abc", "abd", "b", "ba", "c"}) {
      ASSERT_TRUE(object().put(key, std::string("v") + key).ok());
    }
  }
};

TEST_F(StorageTest, GetPutDeleteOneKey) {
  ObjectStorage& o = object();
  EXPECT_FALSE(o.get("missing").value().has_value());
  ASSERT_TRUE(o.put("k", std::string("\x00\xff bytes", 8)).ok());
  EXPECT_EQ(o.get("k").value().value(), std::string("\x00\xff bytes", 8));
  ASSERT_TRUE(o.put("k", "replaced").ok());
  EXPECT_EQ(o.get("k").value().value(), "replaced");
  EXPECT_TRUE(o.remove("k").value());
  EXPECT_FALSE(o.remove("k").value());
  EXPECT_FALSE(o.get("k").value().has_value());
}

TEST_F(StorageTest, EmptyAndUnicodeKeys) {
  ObjectStorage& o = object();
  ASSERT_TRUE(o.put("", "empty").ok());
  ASSERT_TRUE(o.put("héllo 🦆", "unicode").ok());
  ASSERT_TRUE(o.put(std::string("nul\0inside", 10), "nul").ok());
  EXPECT_EQ(o.get("").value().value(), "empty");
  EXPECT_EQ(o.get("héllo 🦆").value().value(), "unicode");
  EXPECT_EQ(o.get(std::string("nul\0inside", 10)).value().value(), "nul");
  EXPECT_FALSE(o.get("nul").value().has_value());
}

TEST_F(StorageTest, ManyKeysAtOnce) {
  ObjectStorage& o = object();
  std::vector<KeyValue> entries = {{"b", "2"}, {"a", "1"}, {"c", "3"}};
  ASSERT_TRUE(o.putMany(entries).ok());
  std::vector<std::string> keys = {"c", "missing", "a", "a"};
  auto found = o.getMany(keys);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found.value().size(), 2u);  // in key order, each once, missing left out
  EXPECT_EQ(found.value()[0].key, "a");
  EXPECT_EQ(found.value()[1].key, "c");
  std::vector<std::string> doomed = {"a", "a", "missing", "b"};
  EXPECT_EQ(o.removeMany(doomed).value(), 2);
  EXPECT_EQ(listed(o, {}), "c=3");
}

TEST_F(StorageTest, AtMost128KeysPerCall) {
  ObjectStorage& o = object();
  std::vector<std::string> keys(129, "k");
  EXPECT_EQ(describe(o.getMany(keys)),
            "RangeError: Maximum number of key value pairs is 128. 129 pairs were provided.");
  EXPECT_EQ(describe(o.removeMany(keys)),
            "RangeError: Maximum number of key value pairs is 128. 129 pairs were provided.");
  std::vector<KeyValue> entries;
  for (int i = 0; i < 129; ++i) entries.push_back({std::to_string(i), "v"});
  EXPECT_EQ(describe(o.putMany(entries)),
            "RangeError: Maximum number of key value pairs is 128. 129 pairs were provided.");
  entries.pop_back();
  EXPECT_TRUE(o.putMany(entries).ok());
  EXPECT_EQ(o.list({}).value().size(), 128u);
}

TEST_F(StorageTest, KeyValueBackendLimits) {
  ObjectStorage& o = object({StorageBackend::kKeyValue});
  std::string key(2049, 'k');
  EXPECT_EQ(describe(o.put(key, "v")),
            "RangeError: Keys cannot be larger than 2048 bytes. A key of size 2049 was provided.");
  EXPECT_EQ(describe(o.get(key)),
            "RangeError: Keys cannot be larger than 2048 bytes. A key of size 2049 was provided.");
  EXPECT_TRUE(o.put(std::string(2048, 'k'), "v").ok());
  EXPECT_EQ(describe(o.put("k", std::string(131072 + 35, 'v'))),
            "RangeError: Values cannot be larger than 131072 bytes. A value of size 131107 was "
            "provided.");
  EXPECT_TRUE(o.put("k", std::string(131072 + 34, 'v')).ok());
}

TEST_F(StorageTest, SqliteBackendLimits) {
  ObjectStorage& o = object();
  // Larger keys and values than the key-value backend allows, up to 2 MB together.
  EXPECT_TRUE(o.put(std::string(4096, 'k'), std::string(1024 * 1024, 'v')).ok());
  EXPECT_EQ(describe(o.put("k", std::string(2 * 1024 * 1024, 'v'))),
            "Error: string or blob too big: SQLITE_TOOBIG");
  // A multi-put with one entry too large writes none of them.
  std::vector<KeyValue> entries = {{"fine", "v"}, {"huge", std::string(3 * 1024 * 1024, 'v')}};
  EXPECT_EQ(describe(o.putMany(entries)), "Error: string or blob too big: SQLITE_TOOBIG");
  EXPECT_FALSE(o.get("fine").value().has_value());
}

TEST_F(KvTest, ListEverythingInKeyOrder) {
  EXPECT_EQ(listed(object(), {}), "a=va,ab=vab,abc=vabc,abd=vabd,b=vb,ba=vba,c=vc");
}

TEST_F(KvTest, ListStartIsInclusiveEndIsExclusive) {
  ListOptions options;
  options.start = "ab";
  options.end = "b";
  EXPECT_EQ(listed(object(), options), "ab=vab,abc=vabc,abd=vabd");
  options.start = "aa";  // need not exist
  options.end = "ba";
  EXPECT_EQ(listed(object(), options), "ab=vab,abc=vabc,abd=vabd,b=vb");
}

TEST_F(KvTest, ListStartAfterIsExclusive) {
  ListOptions options;
  options.start_after = "ab";
  EXPECT_EQ(listed(object(), options), "abc=vabc,abd=vabd,b=vb,ba=vba,c=vc");
  options.end = "b";
  EXPECT_EQ(listed(object(), options), "abc=vabc,abd=vabd");
}

TEST_F(KvTest, ListPrefix) {
  ListOptions options;
  options.prefix = "ab";
  EXPECT_EQ(listed(object(), options), "ab=vab,abc=vabc,abd=vabd");
  options.prefix = "b";
  EXPECT_EQ(listed(object(), options), "b=vb,ba=vba");
  options.prefix = "zz";
  EXPECT_EQ(listed(object(), options), "");
  options.prefix = "";  // no constraint
  EXPECT_EQ(listed(object(), options), "a=va,ab=vab,abc=vabc,abd=vabd,b=vb,ba=vba,c=vc");
}

TEST_F(KvTest, ListPrefixWithStartAndEnd) {
  ListOptions options;
  options.prefix = "ab";
  options.start = "abc";  // inside the prefix
  EXPECT_EQ(listed(object(), options), "abc=vabc,abd=vabd");
  options.start = "a";  // before the prefix: starts at the prefix
  EXPECT_EQ(listed(object(), options), "ab=vab,abc=vabc,abd=vabd");
  options.start = "b";  // after every key with the prefix
  EXPECT_EQ(listed(object(), options), "");
  options.start.reset();
  options.end = "abd";  // inside the prefix
  EXPECT_EQ(listed(object(), options), "ab=vab,abc=vabc");
  options.end = "c";  // after the prefix
  EXPECT_EQ(listed(object(), options), "ab=vab,abc=vabc,abd=vabd");
  options.end = "ab";  // at or before the prefix
  EXPECT_EQ(listed(object(), options), "");
  options.end.reset();
  options.start_after = "abc";
  EXPECT_EQ(listed(object(), options), "abd=vabd");
}

TEST_F(KvTest, ListReverseAndLimit) {
  ListOptions options;
  options.reverse = true;
  EXPECT_EQ(listed(object(), options), "c=vc,ba=vba,b=vb,abd=vabd,abc=vabc,ab=vab,a=va");
  options.limit = 2;
  EXPECT_EQ(listed(object(), options), "c=vc,ba=vba");
  options.reverse = false;
  EXPECT_EQ(listed(object(), options), "a=va,ab=vab");
  options.prefix = "ab";
  options.reverse = true;
  EXPECT_EQ(listed(object(), options), "abd=vabd,abc=vabc");
  options.start = "ab";
  options.end = "abd";
  options.limit = 1;
  EXPECT_EQ(listed(object(), options), "abc=vabc");  // the last of the range first
  options.limit = 100;
  EXPECT_EQ(listed(object(), options), "abc=vabc,ab=vab");
}

TEST_F(KvTest, ListEmptyRanges) {
  ListOptions options;
  options.start = "b";
  options.end = "b";
  EXPECT_EQ(listed(object(), options), "");
  options.end = "a";
  EXPECT_EQ(listed(object(), options), "");
}

TEST_F(KvTest, ListOptionErrors) {
  ListOptions options;
  options.start = "a";
  options.start_after = "a";
  EXPECT_EQ(describe(object().list(options)),
            "TypeError: list() cannot be called with both start and startAfter values.");
  options.start.reset();
  options.limit = 0;
  EXPECT_EQ(describe(object().list(options)), "TypeError: List limit must be positive.");
  options.limit = -1;
  EXPECT_EQ(describe(object().list(options)), "TypeError: List limit must be positive.");
}

TEST_F(KvTest, ListPrefixOfHighBytes) {
  ObjectStorage& o = object();
  ASSERT_TRUE(o.put("\xff\xff", "ff").ok());
  ASSERT_TRUE(o.put("\xff\xff\x01", "ff01").ok());
  ASSERT_TRUE(o.put("a\xff", "aff").ok());
  ListOptions options;
  options.prefix = "\xff";  // runs to the last key
  EXPECT_EQ(listed(o, options), "\xff\xff=ff,\xff\xff\x01=ff01");
  options.prefix = "a\xff";
  EXPECT_EQ(listed(o, options), "a\xff=aff");
}

TEST_F(KvTest, DeleteAllKeepsTheAlarm) {
  ObjectStorage& o = object();
  ASSERT_TRUE(o.setAlarm(1234).ok());
  EXPECT_EQ(o.deleteAll().value(), 7);
  EXPECT_EQ(listed(o, {}), "");
  EXPECT_EQ(o.getAlarm().value().value(), 1234);
  EXPECT_EQ(o.deleteAll().value(), 0);
}

}  // namespace
}  // namespace edged::bindings::durable_objects::testing
