#pragma once
// What wrangler.jsonc's `d1_databases` become: env descriptors for the JS half, and the file
// each database lives in (<data-dir>/d1/<database_id, else database_name, else binding>.sqlite).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "edged/config/worker_config.h"

namespace edged::bindings::d1 {

// {"type":"d1","name":<binding>,"file":<file name>} for each database.
std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

// The database's file name (without directory): its id or name with every character outside
// [A-Za-z0-9_-] %-escaped, so no name reaches outside <data-dir>/d1/.
std::string databaseFileName(const config::D1Database& database);

// The database a command names, by binding or database_name (as wrangler's <database>).
std::optional<config::D1Database> findDatabase(const config::WorkerConfig& worker,
                                               std::string_view name);

// <data_dir>/d1/<file name>.sqlite
std::filesystem::path databasePath(const std::filesystem::path& data_dir, std::string_view file);

}  // namespace edged::bindings::d1
