#include "edged/bindings/hyperdrive/statement_map.h"

namespace edged::bindings::hyperdrive {

std::string OriginStatementNames::nameFor(const StatementText& statement) {
  std::string key = statement.key();
  auto it = names_.find(key);
  if (it != names_.end()) return it->second;
  std::string name = "edged_" + std::to_string(next_++);
  names_.emplace(std::move(key), name);
  return name;
}

void ClientStatements::forget(std::string_view name) {
  auto it = statements_.find(name);
  if (it != statements_.end()) statements_.erase(it);
}

const StatementText* ClientStatements::find(std::string_view name) const {
  auto it = statements_.find(name);
  return it == statements_.end() ? nullptr : &it->second;
}

}  // namespace edged::bindings::hyperdrive
