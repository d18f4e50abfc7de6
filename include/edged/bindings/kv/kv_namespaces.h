#pragma once
// Which file each `kv_namespaces` entry of wrangler.jsonc is stored in, and the env descriptors
// of those bindings (their JS half: runtime-js/api/53_kv.js).
//
// A namespace is named by its `id` (or, without one, by its binding name), like wrangler's
// local mode: two Workers, or two bindings, that name the same id share the data.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/config/worker_config.h"

namespace edged::bindings::kv {

// The namespace name of a binding: its id, else its binding name.
std::string namespaceName(const config::KvNamespace& binding);

// <data-dir>/kv/<name>.sqlite, with every byte of `name` outside [A-Za-z0-9_-] percent-encoded
// so that no name can leave the directory or collide with another.
std::filesystem::path namespaceFile(const std::filesystem::path& data_dir, std::string_view name);

// The binding of `worker` named `binding` (when not empty), or else the one with id `id`.
std::optional<config::KvNamespace> findNamespace(const config::WorkerConfig& worker,
                                                 std::string_view binding,
                                                 std::string_view id);

// {"type":"kv_namespace","name":<binding>,"namespace":<namespace name>} per binding.
std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

}  // namespace edged::bindings::kv
