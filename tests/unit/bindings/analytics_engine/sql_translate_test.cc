// The Analytics Engine SQL dialect translated to SQLite: names resolved, literals bound (never
// pasted), ClickHouse's types, and clear refusals of what is wrong or unsupported.
#include "edged/bindings/analytics_engine/sql_translate.h"

#include <gtest/gtest.h>

namespace edged::bindings::analytics_engine {
namespace {

constexpr int64_t kNow = 1'700'000'000;

Result<TranslatedQuery> translate(std::string_view query) {
  TranslateOptions options;
  options.now_seconds = kNow;
  options.dataset_exists = [](const std::string& name) { return name == "temperatures"; };
  return translateQuery(query, options);
}

TranslatedQuery ok(std::string_view query) {
  Result<TranslatedQuery> t = translate(query);
  EXPECT_TRUE(t.ok()) << query << ": " << (t.ok() ? "" : t.error().message);
  return t.ok() ? t.value() : TranslatedQuery{};
}

std::string refused(std::string_view query) {
  Result<TranslatedQuery> t = translate(query);
  EXPECT_FALSE(t.ok()) << query << " was accepted: " << (t.ok() ? t->sql : "");
  return t.ok() ? "" : t.error().message;
}

TEST(SqlTranslateTest, TheSeedQuery) {
  TranslatedQuery q = ok(
      "SELECT timestamp, blob1 AS location_id, double1 AS inside_temp, double2 AS outside_temp\n"
      "FROM temperatures\nWHERE timestamp > NOW() - INTERVAL '1' DAY");
  EXPECT_EQ(q.sql,
            "SELECT \"timestamp\" AS \"timestamp\", \"blob1\" AS \"location_id\", \"double1\" AS "
            "\"inside_temp\", \"double2\" AS \"outside_temp\" FROM points WHERE \"dataset\" = ?1 "
            "AND (\"timestamp\" > (?2 + ?3))");
  ASSERT_EQ(q.params.size(), 3u);
  EXPECT_EQ(std::get<std::string>(q.params[0]), "temperatures");
  EXPECT_EQ(std::get<int64_t>(q.params[1]), kNow);
  EXPECT_EQ(std::get<int64_t>(q.params[2]), -86400);
  EXPECT_EQ(q.column_names, (std::vector<std::string>{"timestamp", "location_id", "inside_temp", "outside_temp"}));
  EXPECT_EQ(q.column_types[0], ColumnType::kDateTime);
  EXPECT_EQ(q.column_types[3], ColumnType::kFloat64);
  EXPECT_EQ(q.format, OutputFormat::kJson);
}

TEST(SqlTranslateTest, GroupByWithAggregatesAndClickHouseColumnNames) {
  TranslatedQuery q = ok(
      "SELECT blob1 AS city, count() , SUM(_sample_interval), avg(double1) AS avg_temp, "
      "max(double2) FROM temperatures WHERE index1 IN ('a', 'b') AND NOT double1 < 0 "
      "GROUP BY city ORDER BY avg_temp DESC LIMIT 10 FORMAT JSONEachRow");
  EXPECT_EQ(q.column_names,
            (std::vector<std::string>{"city", "count()", "SUM(_sample_interval)", "avg_temp", "max(double2)"}));
  EXPECT_EQ(q.column_types,
            (std::vector<ColumnType>{ColumnType::kString, ColumnType::kUInt64, ColumnType::kUInt64,
                                     ColumnType::kFloat64, ColumnType::kFloat64}));
  EXPECT_NE(q.sql.find("GROUP BY \"blob1\""), std::string::npos) << q.sql;
  EXPECT_NE(q.sql.find("ORDER BY AVG(\"double1\") DESC LIMIT 10"), std::string::npos) << q.sql;
  EXPECT_NE(q.sql.find("\"index1\" IN (?2, ?3)"), std::string::npos) << q.sql;
  EXPECT_EQ(q.format, OutputFormat::kJsonEachRow);
}

TEST(SqlTranslateTest, LiteralsAreParametersAndNamesAreQuoted) {
  TranslatedQuery q = ok("SELECT blob1 AS \"it's \"\"quoted\"\"\" FROM temperatures "
                         "WHERE blob2 = 'x'' OR 1=1 --' LIMIT 1");
  EXPECT_EQ(q.sql.find("1=1"), std::string::npos) << q.sql;
  EXPECT_EQ(std::get<std::string>(q.params[1]), "x' OR 1=1 --");
  EXPECT_NE(q.sql.find("AS \"it's \"\"quoted\"\"\""), std::string::npos) << q.sql;
}

TEST(SqlTranslateTest, DateTimeComparisonsAndIntervals) {
  TranslatedQuery q = ok("SELECT count() FROM temperatures WHERE timestamp >= '2024-01-02 03:04:05' "
                         "AND timestamp < toDateTime('2024-02-01') + INTERVAL 2 HOUR "
                         "AND timestamp > NOW() - INTERVAL '1' MONTH");
  EXPECT_EQ(std::get<int64_t>(q.params[1]), 1704164645);
  EXPECT_EQ(std::get<int64_t>(q.params[2]), 1706745600);
  EXPECT_EQ(std::get<int64_t>(q.params[3]), 7200);
  EXPECT_EQ(std::get<std::string>(q.params[5]), "-1 months");
  TranslatedQuery bucket = ok("SELECT toStartOfInterval(timestamp, INTERVAL '5' MINUTE) AS t, "
                              "count() FROM temperatures GROUP BY t ORDER BY t");
  EXPECT_EQ(bucket.column_types[0], ColumnType::kDateTime);
  EXPECT_NE(bucket.sql.find("GROUP BY (((\"timestamp\" - ?"), std::string::npos) << bucket.sql;
}

TEST(SqlTranslateTest, SubqueriesShowAndFormats) {
  TranslatedQuery q = ok("SELECT probe, n FROM (SELECT blob1 AS probe, count() AS n FROM "
                         "temperatures GROUP BY probe) WHERE n > 1 ORDER BY n DESC");
  EXPECT_EQ(q.column_types[1], ColumnType::kUInt64);
  EXPECT_EQ(ok("SHOW TABLES").kind, TranslatedQuery::Kind::kShowTables);
  EXPECT_EQ(ok("show tables format JSONEachRow;").format, OutputFormat::kJsonEachRow);
  EXPECT_EQ(ok("SELECT 'Hello Workers Analytics Engine' AS message").column_names[0], "message");
  EXPECT_EQ(ok("SELECT * FROM temperatures LIMIT 1").column_names.size(), 44u);
  EXPECT_EQ(ok("SELECT quantileWeighted(0.5)(double1, _sample_interval) AS p50, "
               "quantileExactWeighted(0.9, double1, _sample_interval) FROM temperatures")
                .column_types[0],
            ColumnType::kFloat64);
}

TEST(SqlTranslateTest, RefusalsSayWhatAndWhere) {
  EXPECT_EQ(refused("SELEC blob1 FROM temperatures"),
            "syntax error at line 1, column 1: expected SELECT or SHOW, found 'SELEC'");
  EXPECT_EQ(refused("SELECT blob1 FROM temperatures WHERE"),
            "syntax error at line 1, column 37: expected an expression, found the end of the query");
  EXPECT_EQ(refused("SELECT blob1,\n  FROM temperatures"),
            "syntax error at line 2, column 3: expected an expression, found 'FROM'");
  EXPECT_NE(refused("SELECT blob21 FROM temperatures").find("unknown column 'blob21'"), std::string::npos);
  EXPECT_NE(refused("SELECT blob1 FROM nowhere").find("unknown table 'nowhere'"), std::string::npos);
  EXPECT_NE(refused("SELECT blob1, count() FROM temperatures").find("neither inside an aggregate"),
            std::string::npos);
  EXPECT_NE(refused("SELECT blob1 FROM temperatures WHERE count() > 1").find("not allowed in WHERE"),
            std::string::npos);
  EXPECT_NE(refused("SELECT nosuch(blob1) FROM temperatures").find("unknown function 'nosuch'"),
            std::string::npos);
  EXPECT_NE(refused("SELECT blob1 FROM temperatures WHERE blob1 = 1").find("cannot compare String with UInt8"),
            std::string::npos);
  EXPECT_NE(refused("SELECT 1 FORMAT CSV").find("unknown format 'CSV'"), std::string::npos);
  EXPECT_NE(refused("SELECT 'unterminated").find("unterminated string literal"), std::string::npos);
  EXPECT_NE(refused("SELECT 1; DROP TABLE points").find("expected the end of the query"), std::string::npos);
  EXPECT_NE(refused("SELECT count() FROM temperatures WHERE timestamp > 'yesterday'")
                .find("cannot parse DateTime from 'yesterday'"),
            std::string::npos);
  std::string deep(5000, '(');
  EXPECT_NE(refused("SELECT " + deep + "1").find("nested too deeply"), std::string::npos);
}

}  // namespace
}  // namespace edged::bindings::analytics_engine
