// Database, Statement and Transaction: a session with one SQLite file, as a binding uses it.
#include "edged/storage/database.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <thread>
#include <vector>

#include "../server/temp_dir.h"
#include "edged/storage/transaction.h"

namespace edged::storage {
namespace {

using server::testing::TempDir;

Database openOrDie(const std::filesystem::path& path, DatabaseOptions options = {}) {
  Result<Database> db = Database::open(path, options);
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  return std::move(db).value();
}

std::string pragma(Database& db, std::string_view name) {
  auto stmt = db.prepare(std::string("PRAGMA ") + std::string(name));
  EXPECT_TRUE(stmt.ok());
  EXPECT_TRUE(stmt->step().value());
  std::string value(stmt->columnText(0));
  stmt->reset();
  return value;
}

int64_t countRows(Database& db, std::string_view table) {
  auto stmt = db.prepare(std::string("SELECT count(*) FROM ") + std::string(table));
  EXPECT_TRUE(stmt.ok());
  EXPECT_TRUE(stmt->step().value());
  int64_t n = stmt->columnInt(0);
  stmt->reset();
  return n;
}

TEST(Database, OpensInWalModeWithTheChosenDurability) {
  TempDir dir;
  Database normal = openOrDie(dir.path("a.sqlite"));
  EXPECT_EQ(pragma(normal, "journal_mode"), "wal");
  EXPECT_EQ(pragma(normal, "synchronous"), "1");  // NORMAL
  Database full = openOrDie(dir.path("b.sqlite"), {.durability = Durability::kPowerLoss});
  EXPECT_EQ(pragma(full, "synchronous"), "2");  // FULL
}

TEST(Database, ThreadsOpeningTheSameNewFileAtOnceAllSucceed) {
  TempDir dir;
  for (int round = 0; round < 20; ++round) {
    std::filesystem::path path = dir.path() / ("shared-" + std::to_string(round) + ".sqlite");
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&] {
        if (!Database::open(path).ok()) ++failures;
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0) << "round " << round;
  }
}

TEST(Database, OpenFailureNamesThePath) {
  Result<Database> db = Database::open("/nonexistent-dir/x.sqlite");
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find("/nonexistent-dir/x.sqlite"), std::string::npos);
}

TEST(Statement, BindsStepsAndReadsTypedColumns) {
  TempDir dir;
  Database db = openOrDie(dir.path("t.sqlite"));
  ASSERT_TRUE(db.exec("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n TEXT)").ok());
  auto insert = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  const uint8_t bytes[] = {0, 1, 255};
  insert->bind(1, int64_t{1} << 40).bind(2, 2.5).bind(3, "héllo").bindBlob(4, bytes).bindNull(5);
  ASSERT_TRUE(insert->run().ok());
  EXPECT_EQ(db.changes(), 1);
  EXPECT_EQ(db.lastInsertRowId(), 1);

  auto select = db.prepare("SELECT i, d, s, b, n FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(select->step().value());
  EXPECT_EQ(select->columnInt(0), int64_t{1} << 40);
  EXPECT_EQ(select->columnDouble(1), 2.5);
  EXPECT_EQ(select->columnText(2), "héllo");
  auto blob = select->columnBlob(3);
  EXPECT_EQ(std::vector<uint8_t>(blob.begin(), blob.end()), std::vector<uint8_t>({0, 1, 255}));
  EXPECT_TRUE(select->columnIsNull(4));
  EXPECT_FALSE(select->step().value());  // done, and reset
}

TEST(Statement, IsReusedByBindingAgain) {
  TempDir dir;
  Database db = openOrDie(dir.path("t.sqlite"));
  ASSERT_TRUE(db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)").ok());
  auto insert = db.prepare("INSERT INTO t VALUES (?, ?)");
  for (int i = 0; i < 3; ++i) {
    insert->bind(1, "key" + std::to_string(i)).bindBlob(2, {});
    ASSERT_TRUE(insert->run().ok());
  }
  auto find = db.prepare("SELECT length(v) FROM t WHERE k = ?");
  find->bind(1, "key1");
  ASSERT_TRUE(find->step().value());
  EXPECT_EQ(find->columnInt(0), 0);  // an empty blob, not NULL
  find->bind(1, "missing");          // re-binding resets the half-read statement
  EXPECT_FALSE(find->step().value());
  EXPECT_EQ(countRows(db, "t"), 3);
}

TEST(Statement, ReportsBindAndRunErrorsWithTheSql) {
  TempDir dir;
  Database db = openOrDie(dir.path("t.sqlite"));
  ASSERT_TRUE(db.exec("CREATE TABLE t (k TEXT PRIMARY KEY)").ok());
  auto insert = db.prepare("INSERT INTO t VALUES (?)");
  insert->bind(5, "no such parameter");
  Status bad_bind = insert->run();
  ASSERT_FALSE(bad_bind.ok());
  EXPECT_NE(bad_bind.error().message.find("INSERT INTO t"), std::string::npos);

  ASSERT_TRUE(insert->bind(1, "a").run().ok());
  Status duplicate = insert->bind(1, "a").run();
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.error().message.find("UNIQUE"), std::string::npos);
  ASSERT_TRUE(insert->bind(1, "b").run().ok());  // usable again after the error

  Result<Statement> wrong = db.prepare("SELEC nothing");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("SELEC nothing"), std::string::npos);
}

TEST(Transaction, RollsBackUnlessCommitted) {
  TempDir dir;
  Database db = openOrDie(dir.path("t.sqlite"));
  ASSERT_TRUE(db.exec("CREATE TABLE t (k INTEGER)").ok());
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES (1)").ok());
  }  // dropped: rolled back
  EXPECT_EQ(countRows(db, "t"), 0);
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES (2)").ok());
    ASSERT_TRUE(tx->commit().ok());
    EXPECT_FALSE(tx->commit().ok());  // already ended
  }
  EXPECT_EQ(countRows(db, "t"), 1);
}

// WAL: a reader in the middle of a statement does not block a writer on another connection,
// and keeps seeing its snapshot until it is reset.
TEST(Database, ReadersOnOtherConnectionsDoNotBlockAWriter) {
  TempDir dir;
  Database writer = openOrDie(dir.path("t.sqlite"));
  ASSERT_TRUE(writer.exec("CREATE TABLE t (k INTEGER); INSERT INTO t VALUES (1), (2)").ok());
  Database reader = openOrDie(dir.path("t.sqlite"));
  auto scan = reader.prepare("SELECT k FROM t");
  ASSERT_TRUE(scan->step().value());  // a read transaction is open
  auto tx = Transaction::begin(writer);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(writer.exec("INSERT INTO t VALUES (3)").ok());
  ASSERT_TRUE(tx->commit().ok());
  ASSERT_TRUE(scan->step().value());
  EXPECT_FALSE(scan->step().value());  // still the two-row snapshot
  EXPECT_EQ(countRows(reader, "t"), 3);
}

// Each thread has its own connection; immediate transactions wait for each other (busy timeout)
// instead of failing.
TEST(Database, ConnectionsOnSeveralThreadsWriteConcurrently) {
  TempDir dir;
  {
    Database db = openOrDie(dir.path("t.sqlite"));
    ASSERT_TRUE(db.exec("CREATE TABLE t (thread INTEGER, n INTEGER)").ok());
  }
  constexpr int kThreads = 4;
  constexpr int kWrites = 200;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Result<Database> db = Database::open(dir.path("t.sqlite"));
      if (!db.ok()) {
        failures[t] = kWrites;
        return;
      }
      auto insert = db->prepare("INSERT INTO t VALUES (?, ?)");
      for (int i = 0; i < kWrites; ++i) {
        auto tx = Transaction::begin(db.value());
        if (!tx.ok() || !insert->bind(1, t).bind(2, i).run().ok() || !tx->commit().ok()) {
          ++failures[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int f : failures) EXPECT_EQ(f, 0);
  Database db = openOrDie(dir.path("t.sqlite"));
  EXPECT_EQ(countRows(db, "t"), kThreads * kWrites);
}

// DESIGN.md: a write a Worker was told succeeded survives kill -9. A child process commits and
// is killed without closing anything; the committed row is there, the uncommitted one is not.
TEST(Database, ACommittedWriteSurvivesKill9) {
  TempDir dir;
  std::filesystem::path path = dir.path("t.sqlite");
  {
    Database db = openOrDie(path);
    ASSERT_TRUE(db.exec("CREATE TABLE t (k TEXT)").ok());
  }
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Result<Database> db = Database::open(path);
    if (!db.ok() || !db->exec("INSERT INTO t VALUES ('committed')").ok()) ::_exit(1);
    (void)db->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES ('uncommitted')");
    ::raise(SIGKILL);
    ::_exit(2);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  Database db = openOrDie(path);
  auto all = db.prepare("SELECT group_concat(k) FROM t");
  ASSERT_TRUE(all->step().value());
  EXPECT_EQ(all->columnText(0), "committed");
}

}  // namespace
}  // namespace edged::storage
