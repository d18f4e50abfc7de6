#include "sql_functions.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <utility>
#include <vector>

namespace edged::bindings::analytics_engine {
namespace {

struct QuantileState {
  double level = 0.5;
  std::vector<std::pair<double, double>> points;  // value, weight
};

// SQLite hands each group a zeroed block; it holds a pointer to the state, made on first use.
QuantileState* quantileState(sqlite3_context* context, bool create) {
  auto** slot = static_cast<QuantileState**>(
      sqlite3_aggregate_context(context, create ? sizeof(QuantileState*) : 0));
  if (slot == nullptr) return nullptr;
  if (*slot == nullptr && create) *slot = new (std::nothrow) QuantileState();
  return *slot;
}

void quantileStep(sqlite3_context* context, int, sqlite3_value** argv) {
  QuantileState* state = quantileState(context, true);
  if (state == nullptr) return sqlite3_result_error_nomem(context);
  state->level = sqlite3_value_double(argv[0]);
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL) return;
  double weight = sqlite3_value_double(argv[2]);
  if (!(weight > 0)) return;
  state->points.emplace_back(sqlite3_value_double(argv[1]), weight);
}

void quantileFinal(sqlite3_context* context) {
  QuantileState* state = quantileState(context, false);
  if (state == nullptr || state->points.empty()) {
    delete state;
    return sqlite3_result_null(context);
  }
  std::sort(state->points.begin(), state->points.end());
  double total = 0;
  for (const auto& [value, weight] : state->points) total += weight;
  double threshold = std::clamp(state->level, 0.0, 1.0) * total;
  double accumulated = 0;
  double answer = state->points.back().first;
  for (const auto& [value, weight] : state->points) {
    accumulated += weight;
    if (accumulated >= threshold) {
      answer = value;
      break;
    }
  }
  delete state;
  sqlite3_result_double(context, answer);
}

}  // namespace

Status registerSqlFunctions(sqlite3* db) {
  int rc = sqlite3_create_function_v2(db, "edged_quantile_weighted", 3,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, nullptr,
                                      &quantileStep, &quantileFinal, nullptr);
  if (rc != SQLITE_OK) return makeError(std::string("cannot register SQL functions: ") + sqlite3_errmsg(db));
  return Ok{};
}

}  // namespace edged::bindings::analytics_engine
