#pragma once
// What a Worker's SQL may do, decided while SQLite compiles each statement (an authorizer
// callback, https://www.sqlite.org/c3ref/set_authorizer.html), with workerd's rules
// (util/sqlite.c++ isAuthorized): nothing named `_cf_*` (edged's own tables), no transaction
// statements (storage.transaction() / transactionSync() instead), no ATTACH or temporary
// tables, a short list of PRAGMAs and an allowlist of functions.

namespace edged::bindings::durable_objects {

enum class SqlVerdict {
  kAllowed,
  kDenied,
  // BEGIN, COMMIT, ROLLBACK, SAVEPOINT: denied with workerd's explanation.
  kDeniedTransaction,
};

SqlVerdict authorizeUserSql(int action, const char* first, const char* second,
                            const char* database);

// workerd's error for BEGIN / SAVEPOINT in user SQL (api/sql.c++ allowTransactions()).
inline constexpr char kTransactionStatementMessage[] =
    "To execute a transaction, please use the state.storage.transaction() or "
    "state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT "
    "statements. The JavaScript API is safer because it will automatically roll back on "
    "exceptions, and because it interacts correctly with Durable Objects' automatic atomic "
    "write coalescing.";

}  // namespace edged::bindings::durable_objects
