// source_map / source_maps: decoding a map's VLQ mappings and turning V8 stack frames of the
// generated bundle back into original file:line:column.
#include "edged/runtime/source_map.h"

#include <gtest/gtest.h>

#include "edged/runtime/source_maps.h"

namespace edged::runtime {
namespace {

// Generated line 1 ← a.ts line 1; generated line 2: column 0 ← line 2 column 0, column 6 ←
// line 2 column 6 ("M" is +6); generated line 3 has no mapping.
constexpr const char* kMap =
    R"({"version":3,"sources":["../src/a.ts"],"names":[],"mappings":"AAAA;AACA,MAAM;"})";

TEST(SourceMapTest, FindsTheSegmentAtOrBeforeTheColumn) {
  SourceMap map(kMap, "/project/out", "/project");
  auto first = map.find(1, 1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->source, "src/a.ts");
  EXPECT_EQ(first->line, 1u);
  EXPECT_EQ(first->column, 1u);
  auto exact = map.find(2, 7);
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->line, 2u);
  EXPECT_EQ(exact->column, 7u);
  auto past = map.find(2, 40);
  ASSERT_TRUE(past);
  EXPECT_EQ(past->column, 7u);
  auto before = map.find(2, 6);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->column, 1u);
  EXPECT_FALSE(map.find(3, 1));
  EXPECT_FALSE(map.find(0, 1));
  EXPECT_FALSE(map.find(99, 1));
  EXPECT_TRUE(map.error().empty());
}

TEST(SourceMapTest, SourceRootAndNegativeDeltas) {
  // Line 1 ← b.js line 3 ("G" +3); line 2 ← a.js line 2 ("D" -1 source, "D" -1 line).
  SourceMap map(
      R"({"version":3,"sourceRoot":"lib","sources":["a.js","b.js"],"mappings":"ACGA;ADDA"})");
  auto first = map.find(1, 1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->source, "lib/b.js");
  EXPECT_EQ(first->line, 4u);
  auto second = map.find(2, 1);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->source, "lib/a.js");
  EXPECT_EQ(second->line, 3u);
}

TEST(SourceMapTest, BadMapsGiveNoPositionsAndSayWhy) {
  for (const char* json : {"not json", R"({"sections":[]})", R"({"sources":["a"],"mappings":"A!"})",
                           R"({"sources":["a"],"mappings":"gggggggggggA"})"}) {
    SourceMap map(json);
    EXPECT_FALSE(map.find(1, 1)) << json;
    EXPECT_FALSE(map.error().empty()) << json;
  }
  // A segment pointing at a source that does not exist is ignored, not trusted.
  SourceMap out_of_range(R"({"sources":["a"],"mappings":"AEAA"})");
  EXPECT_FALSE(out_of_range.find(1, 1));
}

TEST(SourceMapsTest, RewritesFramesOfMappedModulesOnly) {
  SourceMaps maps;
  maps.add("index.js", std::make_unique<SourceMap>(kMap, "/project/out", "/project"));
  std::string stack =
      "Error: boom\n"
      "    at inner (index.js:2:9)\n"
      "    at index.js:1:1\n"
      "    at other (lib.js:2:7)\n"
      "    at async Object.fetch (index.js:2:1)\n"
      "    at unmapped (index.js:3:1)";
  EXPECT_EQ(maps.mapStack(stack),
            "Error: boom\n"
            "    at inner (src/a.ts:2:7)\n"
            "    at src/a.ts:1:1\n"
            "    at other (lib.js:2:7)\n"
            "    at async Object.fetch (src/a.ts:2:1)\n"
            "    at unmapped (index.js:3:1)");
  // Not frames: left alone, whatever they contain.
  EXPECT_EQ(maps.mapStack("index.js:1:1 at (index.js:1:1)\n"), "index.js:1:1 at (index.js:1:1)\n");
  EXPECT_EQ(maps.mapStack("    at (index.js:x:1)"), "    at (index.js:x:1)");
  EXPECT_EQ(maps.mapStack(""), "");
}

}  // namespace
}  // namespace edged::runtime
