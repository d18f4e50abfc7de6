// When a Durable Object's writes become durable: batched per event until flush(), nested
// transactions as savepoints, the alarm, reopening, and surviving a killed process.
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "storage_fixture.h"

namespace edged::bindings::durable_objects::testing {
namespace {

TEST_F(StorageTest, WritesOfOneEventAreCommittedTogetherByFlush) {
  ASSERT_TRUE(object().put("a", "1").ok());
  ASSERT_TRUE(object().put("b", "2").ok());
  EXPECT_TRUE(object().hasUncommittedWrites());
  // Another connection (another thread, or the process after a crash) sees none of them yet.
  auto other = reopen();
  EXPECT_FALSE(other->get("a").value().has_value());
  ASSERT_TRUE(object().flush().ok());
  EXPECT_FALSE(object().hasUncommittedWrites());
  EXPECT_EQ(other->get("a").value().value(), "1");
  EXPECT_EQ(other->get("b").value().value(), "2");
}

TEST_F(StorageTest, UnflushedWritesAreLostOnClose) {
  ASSERT_TRUE(object().put("kept", "1").ok());
  ASSERT_TRUE(object().flush().ok());
  ASSERT_TRUE(object().put("lost", "2").ok());
  close();
  EXPECT_EQ(object().get("kept").value().value(), "1");
  EXPECT_FALSE(object().get("lost").value().has_value());
}

TEST_F(StorageTest, ReopenKeepsKeysTablesAndAlarm) {
  ASSERT_TRUE(object().put("k", "v").ok());
  ASSERT_TRUE(object().exec("CREATE TABLE t (a); INSERT INTO t VALUES (42)", {}).ok());
  ASSERT_TRUE(object().setAlarm(1700000000000).ok());
  ASSERT_TRUE(object().flush().ok());
  close();
  EXPECT_EQ(object().get("k").value().value(), "v");
  auto rows = object().exec("SELECT a FROM t", {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(std::get<int64_t>(rows.value().rows.at(0).at(0)), 42);
  EXPECT_EQ(object().getAlarm().value().value(), 1700000000000);
}

TEST_F(StorageTest, AlarmSetGetDelete) {
  EXPECT_FALSE(object().getAlarm().value().has_value());
  ASSERT_TRUE(object().setAlarm(5).ok());
  ASSERT_TRUE(object().setAlarm(10).ok());
  EXPECT_EQ(object().getAlarm().value().value(), 10);
  ASSERT_TRUE(object().deleteAlarm().ok());
  EXPECT_FALSE(object().getAlarm().value().has_value());
  ASSERT_TRUE(object().deleteAlarm().ok());
}

TEST_F(StorageTest, SavepointsNestAndRollBack) {
  ObjectStorage& o = object();
  ASSERT_TRUE(o.put("outside", "1").ok());
  EXPECT_EQ(o.beginSavepoint().value(), 1);
  ASSERT_TRUE(o.put("first", "1").ok());
  EXPECT_EQ(o.beginSavepoint().value(), 2);
  ASSERT_TRUE(o.put("second", "1").ok());
  ASSERT_TRUE(o.exec("CREATE TABLE t (a)", {}).ok());
  ASSERT_TRUE(o.rollbackSavepoint().ok());  // the inner one: "second" and t are gone
  EXPECT_FALSE(o.get("second").value().has_value());
  EXPECT_EQ(describe(o.exec("SELECT * FROM t", {})), "Error: no such table: t: SQLITE_ERROR");
  EXPECT_TRUE(o.get("first").value().has_value());
  ASSERT_TRUE(o.releaseSavepoint().ok());
  EXPECT_EQ(o.savepointDepth(), 0);
  ASSERT_TRUE(o.flush().ok());
  close();
  EXPECT_TRUE(object().get("outside").value().has_value());
  EXPECT_TRUE(object().get("first").value().has_value());
}

TEST_F(StorageTest, FlushWaitsForAnOpenTransaction) {
  ObjectStorage& o = object();
  ASSERT_TRUE(o.beginSavepoint().ok());
  ASSERT_TRUE(o.put("k", "v").ok());
  ASSERT_TRUE(o.flush().ok());  // a transaction() closure is still running: nothing committed
  EXPECT_FALSE(reopen()->get("k").value().has_value());
  ASSERT_TRUE(o.releaseSavepoint().ok());
  ASSERT_TRUE(o.flush().ok());
  EXPECT_TRUE(reopen()->get("k").value().has_value());
}

TEST_F(StorageTest, RollbackOfTheWholeTransactionBreaksTheObject) {
  ObjectStorage& o = object();
  ASSERT_TRUE(o.put("earlier", "1").ok());
  ASSERT_TRUE(o.exec("CREATE TABLE t (a UNIQUE); INSERT INTO t VALUES (1)", {}).ok());
  // ON CONFLICT ROLLBACK discards the whole event's transaction, "earlier" included.
  EXPECT_EQ(describe(o.exec("INSERT OR ROLLBACK INTO t VALUES (1)", {})),
            "Error: UNIQUE constraint failed: t.a: SQLITE_CONSTRAINT");
  EXPECT_TRUE(o.broken());
  EXPECT_FALSE(o.flush().ok());
  EXPECT_FALSE(o.put("later", "1").ok());
  close();  // the owner resets the object
  EXPECT_FALSE(object().get("earlier").value().has_value());
  EXPECT_TRUE(object().put("later", "1").ok());
}

// A flushed write survives the process dying without closing anything (kill -9).
TEST_F(StorageTest, FlushedWriteSurvivesAKilledProcess) {
  std::filesystem::path path = file();
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto opened = ObjectStorage::open(path);
    if (!opened.ok()) _exit(1);
    ObjectStorage& o = *opened.value();
    if (!o.put("durable", "yes").ok() || !o.setAlarm(99).ok() ||
        !o.exec("CREATE TABLE t (a); INSERT INTO t VALUES (7)", {}).ok() || !o.flush().ok()) {
      _exit(2);
    }
    if (!o.put("unflushed", "no").ok()) _exit(3);
    _exit(0);  // no destructors, no close: as if killed
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(object().get("durable").value().value(), "yes");
  EXPECT_FALSE(object().get("unflushed").value().has_value());
  EXPECT_EQ(object().getAlarm().value().value(), 99);
  auto rows = object().exec("SELECT a FROM t", {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows.value().rows.size(), 1u);
}

}  // namespace
}  // namespace edged::bindings::durable_objects::testing
