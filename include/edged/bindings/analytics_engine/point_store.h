#pragma once
// The local Analytics Engine: every dataset's points in one SQLite file,
// <data-dir>/analytics-engine/points.sqlite, one row per point with the columns Cloudflare's
// SQL API shows (dataset, timestamp, _sample_interval, index1, blob1..20, double1..20).
// Writers (each realm's flushes) insert batches; the SQL endpoint reads through its own
// connection. No V8.

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "edged/bindings/analytics_engine/data_point.h"
#include "edged/storage/database.h"
#include "edged/util/result.h"

namespace edged::bindings::analytics_engine {

// The SQLite table and its columns, in the order `SELECT *` returns them.
constexpr const char* kPointsTable = "points";
std::filesystem::path pointsFile(const std::filesystem::path& data_dir);

class PointStore {
 public:
  // Opens (creating the directory and schema if needed) the file at `path`.
  static Result<std::unique_ptr<PointStore>> open(const std::filesystem::path& path);

  // Appends `points` in one transaction; their datasets become tables SHOW TABLES lists.
  Status insert(std::span<const DataPoint> points);
  // Every dataset written so far, in name order.
  Result<std::vector<std::string>> datasets();
  bool hasDataset(const std::string& name);

  storage::Database& database() { return db_; }

 private:
  explicit PointStore(storage::Database db) : db_(std::move(db)) {}
  storage::Database db_;
};

}  // namespace edged::bindings::analytics_engine
