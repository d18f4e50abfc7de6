#include "edged/bindings/analytics_engine/data_point.h"

#include <fmt/format.h>

namespace edged::bindings::analytics_engine {
namespace {

constexpr const char* kPrefix = "writeDataPoint(): ";

DataPointCheck refuse(std::string message) { return {std::nullopt, kPrefix + std::move(message)}; }

}  // namespace

DataPointCheck makeDataPoint(std::string dataset, int64_t timestamp_ms, DataPointInput input) {
  DataPoint point;
  point.dataset = std::move(dataset);
  point.timestamp_ms = timestamp_ms;
  if (input.indexes.size() > kMaxIndexes) {
    return refuse(fmt::format("Maximum of {} indexes supported.", kMaxIndexes));
  }
  if (!input.indexes.empty() && input.indexes[0]) {
    // workerd's messages close a parenthesis they never opened; kept as Workers shows them.
    if (input.indexes[0]->size() > kMaxIndexBytes) {
      return refuse(fmt::format("Size of indexes[0] exceeds {} bytes).", kMaxIndexBytes));
    }
    point.index1 = std::move(*input.indexes[0]);
  }
  if (input.blobs.size() > kMaxBlobs) {
    return refuse(fmt::format("Maximum of {} blobs supported.", kMaxBlobs));
  }
  size_t total = 0;
  for (size_t i = 0; i < input.blobs.size(); ++i) {
    if (!input.blobs[i]) continue;
    total += input.blobs[i]->size();
    if (total > kMaxBlobBytesTotal) {
      return refuse(fmt::format("Cumulative size of blobs exceeds {} bytes).", kMaxBlobBytesTotal));
    }
    point.blobs[i] = std::move(*input.blobs[i]);
  }
  if (input.doubles.size() > kMaxDoubles) {
    return refuse(fmt::format("Maximum of {} doubles supported.", kMaxDoubles));
  }
  for (size_t i = 0; i < input.doubles.size(); ++i) point.doubles[i] = input.doubles[i];
  return {std::move(point), {}};
}

}  // namespace edged::bindings::analytics_engine
