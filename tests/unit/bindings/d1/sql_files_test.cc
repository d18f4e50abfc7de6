// SQL files as wrangler's d1 commands read them: statements split where SQLite says they end,
// migrations applied once each, in name order, atomically.
#include "edged/bindings/d1/sql_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

namespace edged::bindings::d1 {
namespace {

TEST(SplitStatements, SplitsWhereStatementsEnd) {
  EXPECT_EQ(splitStatements("CREATE TABLE t (a);\nINSERT INTO t VALUES ('x;y');  -- done;\n"),
            (std::vector<std::string>{"CREATE TABLE t (a);", "INSERT INTO t VALUES ('x;y');"}));
  EXPECT_EQ(splitStatements("CREATE TRIGGER g AFTER INSERT ON t BEGIN DELETE FROM t; END; SELECT 1"),
            (std::vector<std::string>{
                "CREATE TRIGGER g AFTER INSERT ON t BEGIN DELETE FROM t; END;", "SELECT 1"}));
  EXPECT_TRUE(splitStatements(" ;; /* nothing */ -- here\n").empty());
}

class MigrationsTest : public ::testing::Test {
 protected:
  MigrationsTest() {
    std::string pattern = (std::filesystem::temp_directory_path() / "edged-d1-mig-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    std::filesystem::create_directories(dir_ / "migrations");
    db_ = std::move(LocalDatabase::open(dir_ / "db.sqlite")).value();
  }
  ~MigrationsTest() override {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void write(const std::string& name, const std::string& sql) {
    std::ofstream(dir_ / "migrations" / name) << sql;
  }
  std::filesystem::path dir_;
  std::unique_ptr<LocalDatabase> db_;
};

TEST_F(MigrationsTest, AppliesEachFileOnceInNameOrder) {
  write("0002_add.sql", "ALTER TABLE users ADD COLUMN email TEXT;");
  write("0001_init.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\nINSERT INTO users VALUES (1);");
  write("notes.txt", "not a migration");
  auto files = listMigrations(dir_ / "migrations");
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].name, "0001_init.sql");

  auto applied = appliedMigrations(*db_, "d1_migrations");
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_TRUE(applied->empty());
  for (const MigrationFile& file : files.value()) {
    Status done = applyMigration(*db_, "d1_migrations", file);
    ASSERT_TRUE(done.ok()) << done.error().message;
  }
  applied = appliedMigrations(*db_, "d1_migrations");
  EXPECT_EQ(applied.value(), (std::vector<std::string>{"0001_init.sql", "0002_add.sql"}));
}

TEST_F(MigrationsTest, AFailingMigrationLeavesNoTrace) {
  write("0001_bad.sql", "CREATE TABLE t (a);\nINSERT INTO nowhere VALUES (1);");
  ASSERT_TRUE(appliedMigrations(*db_, "d1_migrations").ok());
  Status failed = applyMigration(*db_, "d1_migrations", {"0001_bad.sql", dir_ / "migrations" / "0001_bad.sql"});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "no such table: nowhere: SQLITE_ERROR");
  EXPECT_TRUE(appliedMigrations(*db_, "d1_migrations")->empty());
  Query probe{"SELECT name FROM sqlite_master WHERE name = 't'", {}};
  EXPECT_TRUE(db_->batch(std::span(&probe, 1))->results[0].rows.empty());
}

}  // namespace
}  // namespace edged::bindings::d1
