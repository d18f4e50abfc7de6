// The alarm index of a Durable Object class: entries set, replaced, cleared (conditionally),
// listed in time order, and kept across reopening.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "edged/bindings/durable_objects/alarm_index.h"

namespace edged::bindings::durable_objects {
namespace {

class AlarmIndexTest : public ::testing::Test {
 protected:
  AlarmIndexTest() {
    std::string pattern = (std::filesystem::temp_directory_path() / "edged-alarms-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
  }
  ~AlarmIndexTest() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  AlarmIndex open() {
    auto index = AlarmIndex::open(dir_ / "do" / "Room" / "alarms.sqlite");
    EXPECT_TRUE(index.ok()) << (index.ok() ? "" : index.error().message);
    return std::move(index).value();
  }
  static std::string show(const std::vector<PendingAlarm>& alarms) {
    std::string out;
    for (const PendingAlarm& alarm : alarms) {
      out += (out.empty() ? "" : ",") + alarm.object_id + "@" + std::to_string(alarm.scheduled_ms);
    }
    return out;
  }

  std::filesystem::path dir_;
};

TEST_F(AlarmIndexTest, SetReplaceClearInTimeOrder) {
  AlarmIndex index = open();
  EXPECT_EQ(show(index.all().value()), "");
  EXPECT_FALSE(index.next().value().has_value());
  ASSERT_TRUE(index.set("b", 300).ok());
  ASSERT_TRUE(index.set("a", 200).ok());
  ASSERT_TRUE(index.set("c", 100).ok());
  ASSERT_TRUE(index.set("c", 400).ok());  // replaces c's entry
  EXPECT_EQ(show(index.all().value()), "a@200,b@300,c@400");
  EXPECT_EQ(index.next().value()->object_id, "a");
  EXPECT_EQ(show(index.dueBy(300).value()), "a@200,b@300");
  EXPECT_EQ(show(index.dueBy(199).value()), "");
  ASSERT_TRUE(index.clear("a").ok());
  EXPECT_EQ(show(index.all().value()), "b@300,c@400");
}

TEST_F(AlarmIndexTest, ClearOnlyTheTimeThatWasHandled) {
  AlarmIndex index = open();
  ASSERT_TRUE(index.set("a", 100).ok());
  // The alarm at 100 fired, but the object set a new one at 500 meanwhile: that entry stays.
  ASSERT_TRUE(index.set("a", 500).ok());
  ASSERT_TRUE(index.clear("a", 100).ok());
  EXPECT_EQ(show(index.all().value()), "a@500");
  ASSERT_TRUE(index.clear("a", 500).ok());
  EXPECT_EQ(show(index.all().value()), "");
}

TEST_F(AlarmIndexTest, EntriesSurviveReopening) {
  {
    AlarmIndex index = open();
    ASSERT_TRUE(index.set("a", 1).ok());
  }
  AlarmIndex first = open();
  AlarmIndex second = open();  // another thread's connection to the same file
  ASSERT_TRUE(second.set("b", 2).ok());
  EXPECT_EQ(show(first.all().value()), "a@1,b@2");
}

}  // namespace
}  // namespace edged::bindings::durable_objects
