#pragma once
// How SQL errors read, as workerd words them: SQLite's message, then the name of its primary
// result code ("no such table: t: SQLITE_ERROR", "access to _cf_KV.key is prohibited:
// SQLITE_AUTH"), so a Worker that matches on them behaves the same here.

#include <sqlite3.h>

#include <string>
#include <string_view>

namespace edged::bindings::durable_objects {

// "SQLITE_CONSTRAINT" for SQLITE_CONSTRAINT_UNIQUE and the like.
std::string_view resultCodeName(int code);

// "<sqlite3_errmsg>: <code name>" for the last error on `db`.
std::string sqlErrorMessage(sqlite3* db, int code);

// `name` as a double-quoted SQL identifier.
std::string quoteIdentifier(std::string_view name);

}  // namespace edged::bindings::durable_objects
