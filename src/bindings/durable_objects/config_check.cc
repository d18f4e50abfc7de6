#include "edged/bindings/durable_objects/config_check.h"

#include <algorithm>
#include <map>
#include <string>

#include "edged/util/json_escape.h"

namespace edged::bindings::durable_objects {
namespace {

// The classes the migrations leave existing, applied in order as Cloudflare does, each with
// whether it is SQLite-backed.
std::map<std::string, bool> migratedClasses(const config::WorkerConfig& worker) {
  std::map<std::string, bool> classes;
  for (const config::DurableObjectMigration& migration : worker.migrations) {
    for (const std::string& name : migration.new_classes) classes[name] = false;
    for (const std::string& name : migration.new_sqlite_classes) classes[name] = true;
    for (const config::RenamedClass& renamed : migration.renamed_classes) {
      auto node = classes.extract(renamed.from);
      classes[renamed.to] = node.empty() ? true : node.mapped();
    }
    for (const config::TransferredClass& transferred : migration.transferred_classes) {
      classes.emplace(transferred.to, true);
    }
    for (const std::string& name : migration.deleted_classes) classes.erase(name);
  }
  return classes;
}

}  // namespace

Status checkDurableObjectConfig(const config::WorkerConfig& worker) {
  std::string file = worker.config_path.string();
  std::map<std::string, bool> classes = migratedClasses(worker);
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

std::vector<ObjectClass> boundObjectClasses(const config::WorkerConfig& worker) {
  std::map<std::string, bool> migrated = migratedClasses(worker);
  std::vector<ObjectClass> classes;
  for (const config::DurableObjectBinding& binding : worker.durable_objects) {
    if (binding.script_name && *binding.script_name != worker.name) continue;
    bool seen = std::any_of(classes.begin(), classes.end(),
                            [&](const ObjectClass& c) { return c.name == binding.class_name; });
    auto found = migrated.find(binding.class_name);
    if (!seen) classes.push_back({binding.class_name, found == migrated.end() || found->second});
  }
  return classes;
}

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  std::vector<std::string> specs;
  for (size_t i = 0; i < worker.durable_objects.size(); ++i) {
    const config::DurableObjectBinding& binding = worker.durable_objects[i];
    std::string script = binding.script_name.value_or(worker.name);
    specs.push_back(R"({"type":"durable_object_namespace","name":)" + jsonQuote(binding.name) +
                    R"(,"className":)" + jsonQuote(binding.class_name) + R"(,"worker":)" +
                    jsonQuote(script) + R"(,"local":)" + (script == worker.name ? "true" : "false") +
                    R"(,"field":)" + jsonQuote("durable_objects.bindings[" + std::to_string(i) + "]") +
                    "}");
  }
  return specs;
}

}  // namespace edged::bindings::durable_objects
