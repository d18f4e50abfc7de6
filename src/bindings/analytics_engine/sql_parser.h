#pragma once
// A recursive-descent parser for the Analytics Engine SQL dialect (Cloudflare's SQL reference:
// SHOW TABLES | SHOW TIMEZONE(S) | SELECT … [FROM table | (subquery)] [WHERE] [GROUP BY]
// [HAVING] [ORDER BY] [LIMIT n [OFFSET m] | LIMIT m, n | LIMIT ALL], each with [FORMAT f]).
// Operator precedence follows ClickHouse: OR < AND < NOT < comparison/IN/LIKE/BETWEEN <
// + - < * / % < unary minus.

#include <string_view>

#include "edged/util/result.h"
#include "sql_ast.h"

namespace edged::bindings::analytics_engine::sql {

// The statement, or "syntax error at line L, column C: …".
Result<Statement> parseStatement(std::string_view query);

}  // namespace edged::bindings::analytics_engine::sql
