#include "edged/server/worker_version.h"

#include "edged/bindings/analytics_engine/analytics_engine_ops.h"
#include "edged/bindings/assets/assets_ops.h"
#include "edged/bindings/browser/browser_bindings.h"
#include "edged/bindings/d1/binding_specs.h"
#include "edged/bindings/durable_objects/config_check.h"
#include "edged/bindings/hyperdrive/hyperdrive_bindings.h"
#include "edged/bindings/kv/kv_namespaces.h"
#include "edged/bindings/queues/queue_config.h"
#include "edged/bindings/workflows/workflow_bindings.h"
#include "edged/bindings/r2/binding_specs.h"
#include "edged/bindings/services/service_bindings.h"
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
  // One list per binding type, each from its own folder under src/bindings/.
  std::vector<std::string> specs;
  for (auto* list : {&bindings::durable_objects::bindingSpecs, &bindings::d1::bindingSpecs,
                     &bindings::kv::bindingSpecs, &bindings::r2::bindingSpecs,
                     &bindings::queues::bindingSpecs, &bindings::workflows::bindingSpecs,
                     &bindings::analytics_engine::bindingSpecs,
                     &bindings::assets::bindingSpecs, &bindings::services::bindingSpecs,
                     &bindings::browser::bindingSpecs, &bindings::hyperdrive::bindingSpecs}) {
    for (std::string& spec : list(loaded.worker)) specs.push_back(std::move(spec));
  }
  std::string out = "[";
  for (const std::string& spec : specs) {
    if (out.size() > 1) out += ',';
    out += spec;
  }
  out += ']';
  return out;
}

std::string envSpecJson(const WorkerVersion& version) {
  return R"({"vars":)" + version.env_json + R"(,"bindings":)" + version.bindings_json + "}";
}

}  // namespace edged::server
