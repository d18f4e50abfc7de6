#include "edged/bindings/d1/binding_specs.h"

#include <fmt/format.h>

#include "edged/util/json_escape.h"

namespace edged::bindings::d1 {

std::string databaseFileName(const config::D1Database& database) {
  const std::string& id = database.database_id   ? *database.database_id
                          : database.database_name ? *database.database_name
                                                   : database.binding;
  std::string file;
  for (unsigned char c : id) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-';
    if (plain) file += static_cast<char>(c);
    else file += fmt::format("%{:02X}", c);
  }
  return file;
}

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  std::vector<std::string> specs;
  for (const config::D1Database& database : worker.d1_databases) {
    specs.push_back(R"({"type":"d1","name":)" + jsonQuote(database.binding) + R"(,"file":)" +
                    jsonQuote(databaseFileName(database)) + "}");
  }
  return specs;
}

std::optional<config::D1Database> findDatabase(const config::WorkerConfig& worker,
                                               std::string_view name) {
  for (const config::D1Database& database : worker.d1_databases) {
    if (database.binding == name || database.database_name == name) return database;
  }
  return std::nullopt;
}

std::filesystem::path databasePath(const std::filesystem::path& data_dir, std::string_view file) {
  return data_dir / "d1" / (std::string(file) + ".sqlite");
}

}  // namespace edged::bindings::d1
