#include "edged/bindings/analytics_engine/point_store.h"

#include <fmt/format.h>

#include <system_error>

#include "edged/storage/migrations.h"
#include "edged/storage/transaction.h"

namespace edged::bindings::analytics_engine {
namespace {

std::string schemaSql() {
  std::string columns;
  for (size_t i = 1; i <= kMaxBlobs; ++i) columns += fmt::format(", blob{} TEXT NOT NULL DEFAULT ''", i);
  for (size_t i = 1; i <= kMaxDoubles; ++i) columns += fmt::format(", double{} REAL NOT NULL DEFAULT 0", i);
  // Timestamps in whole seconds since the epoch, as ClickHouse's DateTime keeps them; every
  // query of the SQL API filters by dataset and most by time, hence the index.
  return fmt::format(
      "CREATE TABLE points (dataset TEXT NOT NULL, timestamp INTEGER NOT NULL, "
      "_sample_interval INTEGER NOT NULL DEFAULT 1, index1 TEXT NOT NULL DEFAULT ''{});"
      "CREATE INDEX points_by_dataset_time ON points (dataset, timestamp);"
      "CREATE TABLE datasets (name TEXT PRIMARY KEY) WITHOUT ROWID;",
      columns);
}

std::string insertSql() {
  std::string names = "dataset, timestamp, _sample_interval, index1";
  std::string marks = "?, ?, 1, ?";
  for (size_t i = 1; i <= kMaxBlobs; ++i) {
    names += fmt::format(", blob{}", i);
    marks += ", ?";
  }
  for (size_t i = 1; i <= kMaxDoubles; ++i) {
    names += fmt::format(", double{}", i);
    marks += ", ?";
  }
  return fmt::format("INSERT INTO points ({}) VALUES ({})", names, marks);
}

}  // namespace

std::filesystem::path pointsFile(const std::filesystem::path& data_dir) {
  return data_dir / "analytics-engine" / "points.sqlite";
}

Result<std::unique_ptr<PointStore>> PointStore::open(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return makeError("cannot create " + path.parent_path().string() + ": " + ec.message());
  auto db = storage::Database::open(path);
  if (!db.ok()) return db.error();
  static const std::string schema = schemaSql();
  const storage::Migration migrations[] = {{1, schema}};
  if (Status migrated = storage::migrate(db.value(), migrations); !migrated.ok()) {
    return migrated.error();
  }
  return std::unique_ptr<PointStore>(new PointStore(std::move(db).value()));
}

Status PointStore::insert(std::span<const DataPoint> points) {
  if (points.empty()) return Ok{};
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  static const std::string sql = insertSql();
  auto insert = db_.prepare(sql);
  if (!insert.ok()) return insert.error();
  auto dataset = db_.prepare("INSERT OR IGNORE INTO datasets (name) VALUES (?)");
  if (!dataset.ok()) return dataset.error();
  const std::string* last_dataset = nullptr;
  for (const DataPoint& point : points) {
    if (last_dataset == nullptr || *last_dataset != point.dataset) {
      if (Status s = dataset->bind(1, point.dataset).run(); !s.ok()) return s;
      last_dataset = &point.dataset;
    }
    insert->bind(1, point.dataset).bind(2, point.timestamp_ms / 1000).bind(3, point.index1);
    int column = 4;
    for (const std::string& blob : point.blobs) insert->bind(column++, blob);
    for (double value : point.doubles) insert->bind(column++, value);
    if (Status s = insert->run(); !s.ok()) return s;
  }
  return tx->commit();
}

Result<std::vector<std::string>> PointStore::datasets() {
  auto select = db_.prepare("SELECT name FROM datasets ORDER BY name");
  if (!select.ok()) return select.error();
  std::vector<std::string> names;
  while (true) {
    Result<bool> row = select->step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    names.emplace_back(select->columnText(0));
  }
  return names;
}

bool PointStore::hasDataset(const std::string& name) {
  auto select = db_.prepare("SELECT 1 FROM datasets WHERE name = ?");
  if (!select.ok()) return false;
  Result<bool> row = select->bind(1, name).step();
  bool found = row.ok() && row.value();
  select->reset();
  return found;
}

}  // namespace edged::bindings::analytics_engine
