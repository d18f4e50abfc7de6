#pragma once
// The name ClickHouse gives an unaliased result column: the expression in its function form
// (`count()`, `sum(double1)`, `multiply(double1, 2)`), which is what Cloudflare's SQL API shows
// as the column's name.

#include <string>

#include "sql_ast.h"

namespace edged::bindings::analytics_engine::sql {

std::string renderColumnName(const Expr& expr);

}  // namespace edged::bindings::analytics_engine::sql
