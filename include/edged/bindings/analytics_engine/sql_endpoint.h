#pragma once
// The Analytics Engine SQL API's answer to one query (POST …/analytics_engine/sql, the body
// being the query): rows as FORMAT asks (JSON by default: {meta, data, rows,
// rows_before_limit_at_least}; JSONEachRow; TabSeparated), or 422 "Input was invalid: …" for a
// query it refuses, as Cloudflare answers. No V8; the admin listener calls it on the libuv
// thread pool.

#include <cstdint>
#include <string>
#include <string_view>

#include "edged/bindings/analytics_engine/point_store.h"

namespace edged::bindings::analytics_engine {

// A query running longer than this is stopped and refused.
constexpr int64_t kQueryTimeLimitMs = 30'000;

struct SqlAnswer {
  int status = 200;
  std::string content_type;
  std::string body;
};

SqlAnswer answerSqlQuery(PointStore& store, std::string_view query, int64_t now_seconds);

}  // namespace edged::bindings::analytics_engine
