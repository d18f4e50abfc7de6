#include "edged/bindings/kv/kv_namespaces.h"

#include <fmt/format.h>

#include "edged/util/json_escape.h"

namespace edged::bindings::kv {

std::string namespaceName(const config::KvNamespace& binding) {
  return binding.id && !binding.id->empty() ? *binding.id : binding.binding;
}

std::filesystem::path namespaceFile(const std::filesystem::path& data_dir, std::string_view name) {
  std::string file;
  for (char c : name) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-';
    if (plain) file += c;
    else file += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return data_dir / "kv" / (file + ".sqlite");
}

std::optional<config::KvNamespace> findNamespace(const config::WorkerConfig& worker,
                                                 std::string_view binding, std::string_view id) {
  for (const config::KvNamespace& ns : worker.kv_namespaces) {
    if (!binding.empty() && ns.binding == binding) return ns;
    if (!id.empty() && ns.id && *ns.id == id) return ns;
  }
  return std::nullopt;
}

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  std::vector<std::string> specs;
  for (const config::KvNamespace& ns : worker.kv_namespaces) {
    specs.push_back(R"({"type":"kv_namespace","name":)" + jsonQuote(ns.binding) +
                    R"(,"namespace":)" + jsonQuote(namespaceName(ns)) + "}");
  }
  return specs;
}

}  // namespace edged::bindings::kv
