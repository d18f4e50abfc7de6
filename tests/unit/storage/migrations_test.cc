// Schema migrations through PRAGMA user_version, as a binding upgrades its database over
// releases.
#include "edged/storage/migrations.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "../server/temp_dir.h"

namespace edged::storage {
namespace {

using server::testing::TempDir;

constexpr Migration kVersion1[] = {
    {1, "CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB)"},
};
constexpr Migration kVersion2[] = {
    {1, "CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB)"},
    {2, "ALTER TABLE kv ADD COLUMN expires_at INTEGER; CREATE INDEX kv_expiry ON kv(expires_at)"},
};

Database open(const TempDir& dir) {
  Result<Database> db = Database::open(dir.path("m.sqlite"));
  EXPECT_TRUE(db.ok());
  return std::move(db).value();
}

TEST(Migrations, BringANewDatabaseToTheLatestVersion) {
  TempDir dir;
  Database db = open(dir);
  EXPECT_EQ(schemaVersion(db).value(), 0);
  ASSERT_TRUE(migrate(db, kVersion2).ok());
  EXPECT_EQ(schemaVersion(db).value(), 2);
  EXPECT_TRUE(db.exec("INSERT INTO kv (key, value, expires_at) VALUES ('a', x'00', 1)").ok());
  ASSERT_TRUE(migrate(db, kVersion2).ok());  // again: nothing to do
  EXPECT_EQ(schemaVersion(db).value(), 2);
}

TEST(Migrations, ApplyOnlyTheStepsADatabaseLacks) {
  TempDir dir;
  {
    Database db = open(dir);
    ASSERT_TRUE(migrate(db, kVersion1).ok());
    ASSERT_TRUE(db.exec("INSERT INTO kv VALUES ('kept', x'01')").ok());
  }
  Database db = open(dir);  // a later release adds step 2
  ASSERT_TRUE(migrate(db, kVersion2).ok());
  auto row = db.prepare("SELECT key, expires_at IS NULL FROM kv");
  ASSERT_TRUE(row->step().value());
  EXPECT_EQ(row->columnText(0), "kept");
  EXPECT_EQ(row->columnInt(1), 1);
}

TEST(Migrations, AFailedStepLeavesTheLastWholeVersion) {
  TempDir dir;
  Database db = open(dir);
  constexpr Migration kBroken[] = {
      {1, "CREATE TABLE a (x INTEGER)"},
      {2, "CREATE TABLE b (x INTEGER); CREATE TABLE a (x INTEGER)"},  // a exists: fails
  };
  Status s = migrate(db, kBroken);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("migration 2"), std::string::npos);
  EXPECT_EQ(schemaVersion(db).value(), 1);
  EXPECT_FALSE(db.prepare("SELECT * FROM b").ok());  // step 2 rolled back as a whole
}

TEST(Migrations, RefuseADatabaseFromANewerRelease) {
  TempDir dir;
  Database db = open(dir);
  ASSERT_TRUE(migrate(db, kVersion2).ok());
  Status s = migrate(db, kVersion1);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("newer"), std::string::npos);
}

TEST(Migrations, RejectGapsInTheVersionList) {
  TempDir dir;
  Database db = open(dir);
  constexpr Migration kGap[] = {{1, "SELECT 1"}, {3, "SELECT 1"}};
  EXPECT_FALSE(migrate(db, kGap).ok());
  EXPECT_EQ(schemaVersion(db).value(), 0);
}

// Several threads opening the same new database at once: each step runs exactly once.
TEST(Migrations, RunOnceWhenManyConnectionsMigrateAtOnce) {
  TempDir dir;
  constexpr Migration kCounting[] = {
      {1, "CREATE TABLE runs (step INTEGER)"},
      {2, "INSERT INTO runs VALUES (2)"},
  };
  std::vector<std::thread> threads;
  std::vector<bool> ok(4, false);
  for (size_t i = 0; i < ok.size(); ++i) {
    threads.emplace_back([&, i] {
      Result<Database> db = Database::open(dir.path("m.sqlite"));
      ok[i] = db.ok() && migrate(db.value(), kCounting).ok();
    });
  }
  for (auto& t : threads) t.join();
  for (bool b : ok) EXPECT_TRUE(b);
  Database db = open(dir);
  auto count = db.prepare("SELECT count(*) FROM runs");
  ASSERT_TRUE(count->step().value());
  EXPECT_EQ(count->columnInt(0), 1);
}

}  // namespace
}  // namespace edged::storage
