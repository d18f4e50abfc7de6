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

}  // namespace edged::server
