#include "edged/bindings/durable_objects/config_check.h"

#include <set>
#include <string>

namespace edged::bindings::durable_objects {
namespace {

// The classes the migrations leave existing, applied in order as Cloudflare does.
std::set<std::string> migratedClasses(const config::WorkerConfig& worker) {
  std::set<std::string> classes;
  for (const config::DurableObjectMigration& migration : worker.migrations) {
    for (const std::string& name : migration.new_classes) classes.insert(name);
    for (const std::string& name : migration.new_sqlite_classes) classes.insert(name);
    for (const config::RenamedClass& renamed : migration.renamed_classes) {
      classes.erase(renamed.from);
      classes.insert(renamed.to);
    }
    for (const config::TransferredClass& transferred : migration.transferred_classes) {
      classes.insert(transferred.to);
    }
    for (const std::string& name : migration.deleted_classes) classes.erase(name);
  }
  return classes;
}

}  // namespace

Status checkDurableObjectConfig(const config::WorkerConfig& worker) {
  std::string file = worker.config_path.string();
  std::set<std::string> classes = migratedClasses(worker);
  for (size_t i = 0; i < worker.durable_objects.size(); ++i) {
    const config::DurableObjectBinding& binding = worker.durable_objects[i];
    std::string field = "durable_objects.bindings[" + std::to_string(i) + "]";
    if (binding.script_name && *binding.script_name != worker.name) {
      return makeError(file + ": " + field + ".script_name: \"" + *binding.script_name +
                       "\" is another Worker; edged serves Durable Object classes of this "
                       "Worker (\"" + worker.name + "\") only, so export \"" +
                       binding.class_name + "\" from its main module");
    }
    if (!classes.contains(binding.class_name)) {
      return makeError(file + ": " + field + ": class \"" + binding.class_name +
                       "\" has no migration; add {\"tag\": \"v1\", \"new_sqlite_classes\": [\"" +
                       binding.class_name + "\"]} to \"migrations\"");
    }
  }
  return Ok{};
}

}  // namespace edged::bindings::durable_objects
