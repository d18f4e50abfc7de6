#include <gtest/gtest.h>

#include "bucket_fixture.h"

namespace edged::bindings::r2 {
namespace {

std::string keysOf(const ListPage& page) {
  std::string out;
  for (const auto& o : page.objects) out += (out.empty() ? "" : ",") + o.key;
  for (const auto& p : page.delimited_prefixes) out += (out.empty() ? "[" : ",[") + p + "]";
  return out;
}

class ListTest : public BucketTest {
 protected:
  void SetUp() override {
    BucketTest::SetUp();
    for (const char* key : {"a", "b/1", "b/2", "b/c/3", "c", "ca"}) put(key, key);
  }
  // ListOptions by name, without designated initializers (which warn about omitted members).
  static ListOptions opts(std::string prefix, std::string start_after = "",
                          std::string delimiter = "", int limit = kMaxListLimit) {
    ListOptions o;
    o.prefix = std::move(prefix);
    o.start_after = std::move(start_after);
    o.delimiter = std::move(delimiter);
    o.limit = limit;
    return o;
  }
  ListPage list(ListOptions options) {
    auto page = store_->list(options, true, false);
    EXPECT_TRUE(page.ok());
    return page.value();
  }
};

TEST_F(ListTest, ListsEveryKeyInOrder) {
  ListPage page = list(opts(""));
  EXPECT_EQ(keysOf(page), "a,b/1,b/2,b/c/3,c,ca");
  EXPECT_FALSE(page.next_start_after);
  EXPECT_EQ(page.objects[0].http_metadata, "{}");
  EXPECT_EQ(page.objects[0].custom_metadata, "");  // not included
}

TEST_F(ListTest, PrefixStartAfterAndLimit) {
  EXPECT_EQ(keysOf(list(opts("b/"))), "b/1,b/2,b/c/3");
  EXPECT_EQ(keysOf(list(opts("c"))), "c,ca");
  EXPECT_EQ(keysOf(list(opts("", "b/2"))), "b/c/3,c,ca");
  ListPage page = list(opts("", "", "", 2));
  EXPECT_EQ(keysOf(page), "a,b/1");
  ASSERT_TRUE(page.next_start_after);
  EXPECT_EQ(*page.next_start_after, "b/1");
  EXPECT_EQ(keysOf(list(opts("", *page.next_start_after, "", 2))), "b/2,b/c/3");
  EXPECT_FALSE(list(opts("", "", "", 6)).next_start_after);
}

TEST_F(ListTest, DelimiterRollsUpPrefixes) {
  EXPECT_EQ(keysOf(list(opts("", "", "/"))), "a,c,ca,[b/]");
  EXPECT_EQ(keysOf(list(opts("b/", "", "/"))), "b/1,b/2,[b/c/]");
  ListPage page = list(opts("", "", "/", 2));
  EXPECT_EQ(keysOf(page), "a,[b/]");
  ASSERT_TRUE(page.next_start_after);
  EXPECT_EQ(*page.next_start_after, "b/c/3");  // the whole rolled-up group is behind the cursor
  EXPECT_EQ(keysOf(list(opts("", *page.next_start_after, "/"))), "c,ca");
}

}  // namespace
}  // namespace edged::bindings::r2
