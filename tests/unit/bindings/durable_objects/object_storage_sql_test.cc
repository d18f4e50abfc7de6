// The SQL API of a Durable Object's storage, read as SQL sessions: values and their types,
// several statements in one exec(), bindings, counts, reserved tables, refused statements.
#include <string>
#include <vector>

#include "storage_fixture.h"

namespace edged::bindings::durable_objects::testing {
namespace {

std::string show(const SqlValue& value) {
  if (std::holds_alternative<int64_t>(value)) return std::to_string(std::get<int64_t>(value));
  if (std::holds_alternative<double>(value)) return std::to_string(std::get<double>(value));
  if (std::holds_alternative<std::string>(value)) return "'" + std::get<std::string>(value) + "'";
  if (std::holds_alternative<SqlBlob>(value)) return "x" + std::to_string(std::get<SqlBlob>(value).bytes.size());
  return "null";
}

class SqlTest : public StorageTest {
 protected:
  // "col,col|v,v|v,v" of the rows, or the error.
  std::string sql(std::string_view query, std::vector<SqlValue> bindings = {}) {
    auto cursor = object().exec(query, bindings);
    if (!cursor.ok()) return describe(cursor);
    last_ = cursor.value();
    std::string out;
    for (size_t i = 0; i < last_.column_names.size(); ++i) {
      out += (i ? "," : "") + last_.column_names[i];
    }
    for (const auto& row : last_.rows) {
      out += '|';
      for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + show(row[i]);
    }
    return out;
  }

  SqlCursorData last_;
};

TEST_F(SqlTest, ValuesKeepTheirTypes) {
  EXPECT_EQ(sql("SELECT 1 AS i, 2.5 AS r, 'text' AS t, x'0102' AS b, NULL AS n"),
            "i,r,t,b,n|1,2.500000,'text',x2,null");
  EXPECT_EQ(sql("SELECT ? AS a, typeof(?) AS ta", {SqlValue(3.0), SqlValue(3.0)}),
            "a,ta|3.000000,'real'");
  EXPECT_EQ(sql("SELECT typeof(?), typeof(?), typeof(?), typeof(?)",
                {SqlValue(std::string("s")), SqlValue(SqlBlob{"\x01"}), SqlValue(),
                 SqlValue(int64_t{7})}),
            "typeof(?),typeof(?),typeof(?),typeof(?)|'text','blob','null','integer'");
  EXPECT_EQ(sql("SELECT length(?)", {SqlValue(SqlBlob{""})}), "length(?)|0");
}

TEST_F(SqlTest, TablesAndCounts) {
  EXPECT_EQ(sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"), "");
  EXPECT_EQ(last_.rows_written, 0);
  EXPECT_EQ(sql("INSERT INTO t (name) VALUES ('a'), ('b'), ('c')"), "");
  EXPECT_EQ(last_.rows_written, 3);
  EXPECT_EQ(sql("SELECT name FROM t ORDER BY id"), "name|'a'|'b'|'c'");
  EXPECT_EQ(last_.rows_read, 3);
  EXPECT_EQ(last_.rows_written, 0);
  EXPECT_EQ(sql("SELECT name FROM t WHERE id = ?", {SqlValue(2.0)}), "name|'b'");
  EXPECT_EQ(last_.rows_read, 1);
  EXPECT_EQ(sql("UPDATE t SET name = 'x' WHERE id > 1 RETURNING id"), "id|2|3");
  EXPECT_EQ(last_.rows_written, 2);
  EXPECT_EQ(sql("DELETE FROM t"), "");
  EXPECT_EQ(last_.rows_written, 3);
}

TEST_F(SqlTest, SeveralStatementsReturnTheLastOnesRows) {
  EXPECT_EQ(sql("CREATE TABLE t (a); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);\n"
                "SELECT a FROM t WHERE a > ?",
                {SqlValue(int64_t{1})}),
            "a|2");
  EXPECT_EQ(sql("SELECT 1 AS one; SELECT 2 AS two;  \n"), "two|2");
  EXPECT_EQ(sql("SELECT ? AS a; SELECT 1", {SqlValue(1.0)}),
            "Error: When executing multiple SQL statements in a single call, only the last "
            "statement can have parameters.");
  EXPECT_EQ(sql("SELECT 1; -- a comment"), "Error: SQL code did not contain a statement.");
  EXPECT_EQ(sql("SELECT ?; -- a comment", {SqlValue(1.0)}),
            "Error: SQL code did not contain a statement.");
  EXPECT_EQ(sql(""), "Error: SQL code did not contain a statement.");
  EXPECT_EQ(sql("   "), "Error: SQL code did not contain a statement.");
}

TEST_F(SqlTest, BindingCountMustMatch) {
  EXPECT_EQ(sql("SELECT ?, ?", {SqlValue(1.0)}),
            "Error: Wrong number of parameter bindings for SQL query.");
  EXPECT_EQ(sql("SELECT ?"), "Error: Wrong number of parameter bindings for SQL query.");
  EXPECT_EQ(sql("SELECT 1", {SqlValue(1.0)}),
            "Error: Wrong number of parameter bindings for SQL query.");
  EXPECT_EQ(sql("SELECT ?1 + ?1 AS twice", {SqlValue(int64_t{2})}), "twice|4");
}

TEST_F(SqlTest, ErrorsReadAsWorkerdWordsThem) {
  EXPECT_EQ(sql("SELECT * FROM nowhere"), "Error: no such table: nowhere: SQLITE_ERROR");
  EXPECT_EQ(sql("SELEC 1"), "Error: near \"SELEC\": syntax error: SQLITE_ERROR");
  sql("CREATE TABLE u (id PRIMARY KEY)");
  sql("INSERT INTO u VALUES (1)");
  EXPECT_EQ(sql("INSERT INTO u VALUES (1)"),
            "Error: UNIQUE constraint failed: u.id: SQLITE_CONSTRAINT");
  // A failed statement leaves the event's other writes alone.
  EXPECT_EQ(sql("SELECT count(*) AS n FROM u"), "n|1");
}

TEST_F(SqlTest, ReservedTablesAreRefused) {
  ASSERT_TRUE(object().put("secret", "v").ok());
  EXPECT_EQ(sql("SELECT * FROM _cf_KV"),
            "Error: access to _cf_KV.key is prohibited: SQLITE_AUTH");
  EXPECT_EQ(sql("DELETE FROM _cf_KV"), "Error: not authorized: SQLITE_AUTH");
  EXPECT_EQ(sql("DROP TABLE _cf_METADATA"), "Error: not authorized: SQLITE_AUTH");
  EXPECT_EQ(sql("CREATE TABLE _cf_mine (a)"), "Error: not authorized: SQLITE_AUTH");
  EXPECT_EQ(sql("SELECT '_cf_KV' AS name"), "name|'_cf_KV'");  // only names are reserved
  EXPECT_EQ(object().get("secret").value().value(), "v");
}

TEST_F(SqlTest, TransactionStatementsAreRefused) {
  const std::string refused =
      "Error: To execute a transaction, please use the state.storage.transaction() or "
      "state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT "
      "statements. The JavaScript API is safer because it will automatically roll back on "
      "exceptions, and because it interacts correctly with Durable Objects' automatic atomic "
      "write coalescing.";
  EXPECT_EQ(sql("BEGIN"), refused);
  EXPECT_EQ(sql("COMMIT"), refused);
  EXPECT_EQ(sql("SAVEPOINT s"), refused);
}

TEST_F(SqlTest, OtherRefusedStatements) {
  EXPECT_EQ(sql("ATTACH DATABASE 'x.db' AS x"), "Error: not authorized: SQLITE_AUTH");
  EXPECT_EQ(sql("CREATE TEMP TABLE t (a)"), "Error: not authorized: SQLITE_AUTH");
  EXPECT_EQ(sql("PRAGMA journal_mode = DELETE"), "Error: not authorized: SQLITE_AUTH");
  EXPECT_EQ(sql("SELECT sqlite_version()"),
            "Error: not authorized to use function: sqlite_version: SQLITE_ERROR");
  sql("CREATE TABLE t (a INTEGER, b TEXT)");
  EXPECT_EQ(sql("PRAGMA table_info(t)").substr(0, 26), "cid,name,type,notnull,dflt");
  EXPECT_EQ(sql("PRAGMA table_info(_cf_KV)"), "Error: not authorized: SQLITE_AUTH");
  EXPECT_EQ(sql("SELECT upper('a') AS u, json_extract('{\"x\":1}', '$.x') AS j"), "u,j|'A',1");
}

TEST_F(SqlTest, SchemaChangesWork) {
  sql("CREATE TABLE t (a)");
  EXPECT_EQ(sql("ALTER TABLE t ADD COLUMN b"), "");
  EXPECT_EQ(sql("ALTER TABLE t RENAME TO u"), "");
  EXPECT_EQ(sql("CREATE INDEX u_a ON u (a)"), "");
  EXPECT_EQ(sql("CREATE VIRTUAL TABLE docs USING fts5(body)"), "");
  EXPECT_EQ(sql("INSERT INTO docs VALUES ('hello world'); SELECT body FROM docs WHERE docs MATCH "
                "'hello'"),
            "body|'hello world'");
}

TEST_F(SqlTest, LimitsFromCloudflare) {
  std::string many = "SELECT ?";
  std::vector<SqlValue> values(101, SqlValue(1.0));
  for (int i = 1; i < 101; ++i) many += ",?";
  EXPECT_EQ(sql(many, values), "Error: too many SQL variables: SQLITE_ERROR");
  EXPECT_EQ(sql("SELECT ?", {SqlValue(std::string(3 * 1024 * 1024, 'x'))}),
            "Error: string or blob too big: SQLITE_TOOBIG");
}

TEST_F(SqlTest, DeleteAllDropsUserTables) {
  sql("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
      "CREATE TABLE child (p INTEGER REFERENCES parent(id));"
      "CREATE VIEW v AS SELECT * FROM parent;"
      "CREATE TRIGGER tr AFTER INSERT ON parent BEGIN INSERT INTO child VALUES (new.id); END;"
      "CREATE VIRTUAL TABLE docs USING fts5(body);"
      "INSERT INTO parent VALUES (1)");
  ASSERT_TRUE(object().put("k", "v").ok());
  EXPECT_EQ(object().deleteAll().value(), 1);
  ASSERT_TRUE(object().flush().ok());
  EXPECT_EQ(sql("SELECT name FROM sqlite_schema WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\'"),
            "name");
  EXPECT_EQ(sql("CREATE TABLE parent (id)"), "");  // the name is free again
}

TEST_F(SqlTest, DatabaseSizeGrowsWithData) {
  int64_t empty = object().databaseSize().value();
  EXPECT_GT(empty, 0);
  sql("CREATE TABLE t (a); INSERT INTO t VALUES (randomblob(100000))");
  EXPECT_GT(object().databaseSize().value(), empty + 100000);
}

}  // namespace
}  // namespace edged::bindings::durable_objects::testing
