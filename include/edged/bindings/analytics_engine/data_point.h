#pragma once
// One Workers Analytics Engine data point as a Worker writes it (workers-types
// AnalyticsEngineDataPoint), and the limits Cloudflare puts on it with the TypeErrors workerd
// throws for them (workerd api/analytics-engine-impl.h; the blob total as Cloudflare's limits
// page gives it since June 2025: 16 KB).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edged::bindings::analytics_engine {

constexpr size_t kMaxIndexes = 1;
constexpr size_t kMaxIndexBytes = 96;
constexpr size_t kMaxBlobs = 20;
constexpr size_t kMaxDoubles = 20;
constexpr size_t kMaxBlobBytesTotal = 16 * 1024;

// What writeDataPoint() received, its values already converted (strings or bytes as bytes;
// an absent blob, `null` or `undefined` in the array, stays absent and reads back as '').
struct DataPointInput {
  std::vector<std::optional<std::string>> indexes;
  std::vector<std::optional<std::string>> blobs;
  std::vector<double> doubles;
};

// A point as stored: every column of the dataset's table filled in.
struct DataPoint {
  std::string dataset;
  int64_t timestamp_ms = 0;
  std::string index1;
  std::array<std::string, kMaxBlobs> blobs;
  std::array<double, kMaxDoubles> doubles{};
};

// The point `input` describes, or workerd's TypeError message ("writeDataPoint(): …") for the
// first limit it breaks, checked in workerd's order (indexes, blobs, doubles).
struct DataPointCheck {
  std::optional<DataPoint> point;
  std::string error;
};
DataPointCheck makeDataPoint(std::string dataset, int64_t timestamp_ms, DataPointInput input);

}  // namespace edged::bindings::analytics_engine
