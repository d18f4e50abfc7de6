#pragma once
// Named prepared statements across pooled connections (what pgbouncer ≥ 1.21 does in
// transaction mode). A client names statements as it likes ("p1", a driver's random ids) and
// believes they live on "its" connection; in fact each of its transactions may run on another
// origin connection. So the statements a client prepared are kept per client (name → text and
// parameter types), each distinct statement gets one origin-side name per pool, and a statement
// is prepared on an origin connection the first time a client uses it there. No I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace edged::bindings::hyperdrive {

// A statement as Parse defines it: its SQL and the parameter type part of the message
// (int16 count, int32 OIDs), kept as bytes.
struct StatementText {
  std::string query;
  std::string parameter_types;
  std::string key() const { return query + '\0' + parameter_types; }
};

// One pool's origin-side names: one per distinct statement, "edged_<n>".
class OriginStatementNames {
 public:
  std::string nameFor(const StatementText& statement);

 private:
  std::map<std::string, std::string, std::less<>> names_;
  uint64_t next_ = 1;
};

// One client's statements by the names it gave them.
class ClientStatements {
 public:
  void define(std::string name, StatementText statement) { statements_[std::move(name)] = std::move(statement); }
  void forget(std::string_view name);
  const StatementText* find(std::string_view name) const;

 private:
  std::map<std::string, StatementText, std::less<>> statements_;
};

}  // namespace edged::bindings::hyperdrive
