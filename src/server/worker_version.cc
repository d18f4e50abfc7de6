#include "edged/server/worker_version.h"

#include "edged/util/json_escape.h"

namespace edged::server {

std::string buildEnvJson(const config::LoadedConfig& loaded) {
  std::string out = "{";
  auto add = [&](const std::string& name, const std::string& json_value) {
    if (out.size() > 1) out += ',';
    out += jsonQuote(name);
    out += ':';
    out += json_value;
  };
  for (const config::Var& var : loaded.worker.vars) {
    add(var.name, var.is_string ? jsonQuote(var.text) : var.text);
  }
  for (const config::Secret& secret : loaded.secrets) add(secret.name, jsonQuote(secret.value));
  out += '}';
  return out;
}

std::string buildBindingsJson(const config::LoadedConfig& loaded) {
  std::string out = "[";
  const config::WorkerConfig& worker = loaded.worker;
  for (size_t i = 0; i < worker.durable_objects.size(); ++i) {
    const config::DurableObjectBinding& binding = worker.durable_objects[i];
    if (out.size() > 1) out += ',';
    out += R"({"type":"durable_object_namespace","name":)" + jsonQuote(binding.name) +
           R"(,"className":)" + jsonQuote(binding.class_name) + R"(,"worker":)" +
           jsonQuote(binding.script_name.value_or(worker.name)) + R"(,"local":)" +
           (binding.script_name.value_or(worker.name) == worker.name ? "true" : "false") +
           R"(,"field":)" + jsonQuote("durable_objects.bindings[" + std::to_string(i) + "]") + "}";
  }
  out += ']';
  return out;
}

std::string envSpecJson(const WorkerVersion& version) {
  return R"({"vars":)" + version.env_json + R"(,"bindings":)" + version.bindings_json + "}";
}

}  // namespace edged::server
