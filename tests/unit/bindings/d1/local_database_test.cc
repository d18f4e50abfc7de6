// D1's local engine as a Worker's queries reach it: results and meta, D1's error texts,
// atomic batches, exec() lines, dump(), bookmarks, and writers on several threads.
#include "edged/bindings/d1/local_database.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace edged::bindings::d1 {
namespace {

class LocalDatabaseTest : public ::testing::Test {
 protected:
  LocalDatabaseTest() {
    std::string pattern = (std::filesystem::temp_directory_path() / "edged-d1-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    db_ = open();
  }
  ~LocalDatabaseTest() override {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::unique_ptr<LocalDatabase> open() {
    auto opened = LocalDatabase::open(dir_ / "d1" / "db.sqlite");
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().message);
    return opened.ok() ? std::move(opened).value() : nullptr;
  }
  // One query as a batch of one; fails the test on an error.
  QueryResult query(std::string sql, std::vector<Value> params = {}) {
    Query q{std::move(sql), std::move(params)};
    auto result = db_->batch(std::span(&q, 1));
    EXPECT_TRUE(result.ok()) << q.sql << ": " << (result.ok() ? "" : result.error().message);
    return result.ok() ? std::move(result->results.front()) : QueryResult{};
  }
  std::string error(std::string sql, std::vector<Value> params = {}) {
    Query q{std::move(sql), std::move(params)};
    auto result = db_->batch(std::span(&q, 1));
    return result.ok() ? "ok" : result.error().message;
  }

  std::filesystem::path dir_;
  std::unique_ptr<LocalDatabase> db_;
};

TEST_F(LocalDatabaseTest, RunsQueriesWithParametersAndMeasuresThem) {
  QueryResult created = query("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, data BLOB)");
  EXPECT_TRUE(created.meta.changed_db);
  QueryResult inserted =
      query("INSERT INTO users (name, data) VALUES (?, ?)", {std::string("ada"), Blob{{1, 2}}});
  EXPECT_EQ(inserted.meta.changes, 1);
  EXPECT_EQ(inserted.meta.last_row_id, 1);
  EXPECT_EQ(inserted.meta.rows_written, 1);
  EXPECT_TRUE(inserted.meta.changed_db);
  EXPECT_GT(inserted.meta.size_after, 0);

  QueryResult selected = query("SELECT id, name, data, 1.5 AS r, NULL AS n FROM users WHERE id = ?1",
                               {int64_t{1}});
  ASSERT_EQ(selected.rows.size(), 1u);
  EXPECT_EQ(selected.columns, (std::vector<std::string>{"id", "name", "data", "r", "n"}));
  EXPECT_EQ(std::get<int64_t>(selected.rows[0][0]), 1);
  EXPECT_EQ(std::get<std::string>(selected.rows[0][1]), "ada");
  EXPECT_EQ(std::get<Blob>(selected.rows[0][2]).bytes, (std::vector<uint8_t>{1, 2}));
  EXPECT_EQ(std::get<double>(selected.rows[0][3]), 1.5);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(selected.rows[0][4]));
  EXPECT_FALSE(selected.meta.changed_db);
  EXPECT_EQ(selected.meta.changes, 0);
  EXPECT_GE(selected.meta.rows_read, 1);
}

TEST_F(LocalDatabaseTest, SeveralStatementsInOneQueryReturnTheLastOnesRows) {
  QueryResult result = query("CREATE TABLE t (a); INSERT INTO t VALUES (1), (2); SELECT a FROM t WHERE a > ?",
                             {int64_t{1}});
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(result.rows[0][0]), 2);
  EXPECT_EQ(result.meta.changes, 2);
  EXPECT_EQ(error("SELECT ?; SELECT 1", {int64_t{1}}),
            "When executing multiple SQL statements in a single call, only the last statement "
            "can have parameters.");
  query("SELECT 1; -- a trailing comment");
}

TEST_F(LocalDatabaseTest, SqlErrorsReadAsD1Reports) {
  EXPECT_EQ(error("SELECT * FROM missing"), "no such table: missing: SQLITE_ERROR");
  EXPECT_EQ(error("SELEC 1"), "near \"SELEC\": syntax error: SQLITE_ERROR");
  EXPECT_EQ(error("SELECT ?"), "Wrong number of parameter bindings for SQL query.");
  EXPECT_EQ(error("SELECT 1", {int64_t{1}}), "Wrong number of parameter bindings for SQL query.");
  EXPECT_EQ(error("   "), "No SQL statements detected.");
  EXPECT_EQ(error("-- only a comment"), "No SQL statements detected.");
  query("CREATE TABLE u (k TEXT PRIMARY KEY)");
  query("INSERT INTO u VALUES ('a')");
  EXPECT_EQ(error("INSERT INTO u VALUES ('a')"), "UNIQUE constraint failed: u.k: SQLITE_CONSTRAINT");
  EXPECT_EQ(error("BEGIN TRANSACTION").substr(0, 39), "To execute a transaction, please use th");
  EXPECT_EQ(error("SELECT * FROM _cf_D1"), "access to _cf_D1.key is prohibited: SQLITE_AUTH");
  EXPECT_EQ(error("ATTACH DATABASE 'x' AS x"), "not authorized: SQLITE_AUTH");
}

TEST_F(LocalDatabaseTest, ABatchIsAllOrNothing) {
  query("CREATE TABLE t (a INTEGER UNIQUE)");
  std::vector<Query> failing = {{"INSERT INTO t VALUES (1)", {}}, {"INSERT INTO t VALUES (1)", {}}};
  auto failed = db_->batch(failing);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "UNIQUE constraint failed: t.a: SQLITE_CONSTRAINT");
  EXPECT_TRUE(query("SELECT * FROM t").rows.empty());

  std::vector<Query> good = {{"INSERT INTO t VALUES (?)", {int64_t{1}}},
                             {"INSERT INTO t VALUES (?)", {int64_t{2}}},
                             {"SELECT count(*) AS n FROM t", {}}};
  auto done = db_->batch(good);
  ASSERT_TRUE(done.ok()) << done.error().message;
  ASSERT_EQ(done->results.size(), 3u);
  EXPECT_EQ(std::get<int64_t>(done->results[2].rows[0][0]), 2);
}

TEST_F(LocalDatabaseTest, ExecRunsEachLineAndNamesTheFailingOne) {
  auto done = db_->exec("CREATE TABLE t (a);\n\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2)\n");
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->count, 3);
  auto failed = db_->exec("INSERT INTO t VALUES (3)\nINSERT INTO nowhere VALUES (1)");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message,
            "Error in line 2: INSERT INTO nowhere VALUES (1): no such table: nowhere: SQLITE_ERROR");
  EXPECT_EQ(query("SELECT count(*) FROM t").rows[0][0], Value(int64_t{2}));
  EXPECT_FALSE(db_->exec("  \n ").ok());
}

TEST_F(LocalDatabaseTest, DumpIsASqliteFileAndBookmarksAdvanceWithWrites) {
  query("CREATE TABLE t (a)");
  auto before = db_->bookmark();
  ASSERT_TRUE(before.ok());
  query("SELECT * FROM t");
  EXPECT_EQ(db_->bookmark().value(), before.value());
  query("INSERT INTO t VALUES (1)");
  EXPECT_GT(db_->bookmark().value(), before.value());

  auto bytes = db_->dump();
  ASSERT_TRUE(bytes.ok());
  ASSERT_GT(bytes->size(), 100u);
  EXPECT_EQ(std::string(bytes->begin(), bytes->begin() + 15), "SQLite format 3");
}

TEST_F(LocalDatabaseTest, DataSurvivesReopening) {
  query("CREATE TABLE t (a)");
  query("INSERT INTO t VALUES ('kept')");
  db_.reset();
  db_ = open();
  EXPECT_EQ(query("SELECT a FROM t").rows[0][0], Value(std::string("kept")));
}

TEST_F(LocalDatabaseTest, WritersOnSeveralThreadsLoseNothing) {
  query("CREATE TABLE counter (n INTEGER)");
  query("INSERT INTO counter VALUES (0)");
  constexpr int kThreads = 4;
  constexpr int kIncrements = 100;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto db = LocalDatabase::open(dir_ / "d1" / "db.sqlite");
      if (!db.ok()) return (void)++failures;
      // Read-then-write in one batch: the transaction keeps it atomic.
      std::vector<Query> increment = {{"SELECT n FROM counter", {}},
                                      {"UPDATE counter SET n = n + 1", {}}};
      for (int i = 0; i < kIncrements; ++i) {
        if (!db.value()->batch(increment).ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(query("SELECT n FROM counter").rows[0][0], Value(int64_t{kThreads * kIncrements}));
}

}  // namespace
}  // namespace edged::bindings::d1
