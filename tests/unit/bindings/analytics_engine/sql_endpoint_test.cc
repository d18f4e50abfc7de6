// The SQL API over a real point table: what Cloudflare's formats look like, SHOW TABLES, and
// refusals answered 422 "Input was invalid: …".
#include "edged/bindings/analytics_engine/sql_endpoint.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace edged::bindings::analytics_engine {
namespace {

constexpr int64_t kNow = 1'700'000'000;

class SqlEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("edged-ae-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto opened = PointStore::open(pointsFile(dir_));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    std::vector<DataPoint> points;
    auto point = [&](std::string dataset, int64_t ago, std::string city, double temp) {
      DataPoint p;
      p.dataset = std::move(dataset);
      p.timestamp_ms = (kNow - ago) * 1000;
      p.index1 = city;
      p.blobs[0] = std::move(city);
      p.doubles[0] = temp;
      points.push_back(std::move(p));
    };
    point("temperatures", 60, "london", 10);
    point("temperatures", 120, "london", 14);
    point("temperatures", 3 * 86400, "london", 30);
    point("temperatures", 30, "paris", 20.5);
    point("visits", 5, "/home", 1);
    ASSERT_TRUE(store_->insert(points).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  SqlAnswer ask(std::string_view query) { return answerSqlQuery(*store_, query, kNow); }

  std::filesystem::path dir_;
  std::unique_ptr<PointStore> store_;
};

TEST_F(SqlEndpointTest, GroupByWithATimeFilterInCloudflaresJsonShape) {
  SqlAnswer a = ask("SELECT blob1 AS city, count() AS n, avg(double1) AS avg_temp "
                    "FROM temperatures WHERE timestamp > NOW() - INTERVAL '1' DAY "
                    "GROUP BY city ORDER BY city");
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.body,
            "{\"meta\":[{\"name\":\"city\",\"type\":\"String\"},{\"name\":\"n\",\"type\":\"UInt64\"},"
            "{\"name\":\"avg_temp\",\"type\":\"Float64\"}],\"data\":[{\"city\":\"london\",\"n\":\"2\","
            "\"avg_temp\":12},{\"city\":\"paris\",\"n\":\"1\",\"avg_temp\":20.5}],\"rows\":2,"
            "\"rows_before_limit_at_least\":2}\n");
}

TEST_F(SqlEndpointTest, JsonEachRowTabSeparatedAndDateTimes) {
  SqlAnswer a = ask("SELECT timestamp, blob1, _sample_interval FROM temperatures "
                    "ORDER BY timestamp DESC LIMIT 2 FORMAT JSONEachRow");
  EXPECT_EQ(a.body,
            "{\"timestamp\":\"2023-11-14 22:12:50\",\"blob1\":\"paris\",\"_sample_interval\":1}\n"
            "{\"timestamp\":\"2023-11-14 22:12:20\",\"blob1\":\"london\",\"_sample_interval\":1}\n");
  EXPECT_EQ(ask("SELECT blob1, double1 FROM temperatures WHERE blob1 LIKE 'par%' FORMAT TabSeparated").body,
            "paris\t20.5\n");
}

TEST_F(SqlEndpointTest, ShowTablesListsWrittenDatasets) {
  EXPECT_EQ(ask("SHOW TABLES FORMAT JSONEachRow").body,
            "{\"dataset\":\"temperatures\"}\n{\"dataset\":\"visits\"}\n");
}

TEST_F(SqlEndpointTest, WeightedQuantilesAndSubqueries) {
  EXPECT_EQ(ask("SELECT quantileWeighted(0.5)(double1, _sample_interval) AS p50 FROM temperatures "
                "FORMAT JSONEachRow").body,
            "{\"p50\":14}\n");
  EXPECT_EQ(ask("SELECT max(n) AS most FROM (SELECT index1, count() AS n FROM temperatures "
                "GROUP BY index1) FORMAT JSONEachRow").body,
            "{\"most\":\"3\"}\n");
}

TEST_F(SqlEndpointTest, MalformedSqlIsRefusedWithTheReason) {
  SqlAnswer a = ask("SELECT FROM temperatures");
  EXPECT_EQ(a.status, 422);
  EXPECT_EQ(a.body, "Input was invalid: syntax error at line 1, column 8: expected an expression, "
                    "found 'FROM'\n");
  EXPECT_EQ(ask("SELECT * FROM nowhere").status, 422);
}

}  // namespace
}  // namespace edged::bindings::analytics_engine
