#pragma once
// Every field wrangler's config schema knows (workers-utils config/environment.ts and
// config.ts), in one table: where it may appear, and what edged does with it. The loader and
// the environment merge both read this table; adding a wrangler field means adding a row.

#include <filesystem>
#include <span>
#include <string_view>

#include "edged/config/config_loader.h"
#include "json_node.h"

namespace edged::config::detail {

// Where a field may be written, mirroring wrangler's split.
enum class Scope {
  kTopLevelOnly,    // ConfigFields: never inside env.<name>
  kInheritable,     // an environment inherits it from the top level unless it sets it
  kNotInheritable,  // an environment has it only if it sets it (vars and bindings)
};

enum class Handling {
  kParsed,          // read into WorkerConfig by `parse`
  kUnparsed,        // known, shape-checked, not read yet (a binding edged does not serve)
  kCloudflareOnly,  // configures Cloudflare's platform; a warning says it is ignored
  kSilent,          // editor metadata ($schema)
  kRejected,        // an error: `note` says why
};

// What a field parser may touch besides its own value.
struct ParseState {
  WorkerConfig& config;
  const std::filesystem::path& config_dir;  // absolute
  const LoadOptions& options;
};

using FieldParser = void (*)(const Node& value, ParseState& state);

struct FieldSpec {
  std::string_view name;
  Scope scope;
  Handling handling;
  FieldParser parse = nullptr;  // kParsed only
  // A section served by a later layer (a binding, triggers, assets): while its name is not in
  // LoadOptions::served_sections, its presence is reported as a warning.
  bool section = false;
  // The JSON kind a kUnparsed field must have: 'a' array, 'o' object, 0 any.
  char shape = 0;
  std::string_view note = {};  // kCloudflareOnly / kRejected: the message tail
};

std::span<const FieldSpec> wranglerFields();
const FieldSpec* findField(std::string_view name);
// Field names allowed at the top level (every field plus "env"), or inside env.<name>.
std::span<const std::string_view> topLevelFieldNames();
std::span<const std::string_view> environmentFieldNames();

}  // namespace edged::config::detail
