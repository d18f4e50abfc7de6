#pragma once
// Module rules: which files become which kind of module (wrangler's `rules`), and the defaults
// added after the user's own.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edged::config {

enum class ModuleType {
  kESModule,
  kCommonJS,
  kCompiledWasm,
  kText,
  kData,
  kPythonModule,
  kPythonRequirement,
};

// wrangler's spelling: "ESModule", "CompiledWasm"...
std::string_view moduleTypeName(ModuleType type);
std::optional<ModuleType> moduleTypeFromName(std::string_view name);

struct ModuleRule {
  ModuleType type = ModuleType::kESModule;
  std::vector<std::string> globs;
  // Absent and false differ only in whether dropping later rules of this type is warned about.
  std::optional<bool> fallthrough = std::nullopt;
  bool is_default = false;  // added by edged, not written by the user
};

// The defaults, in order. Wrangler's own (rules.ts, DEFAULT_MODULE_RULES in wrangler 4):
//   Text **/*.txt **/*.html **/*.sql; Data **/*.bin; CompiledWasm **/*.wasm **/*.wasm?module.
// edged adds ESModule **/*.mjs **/*.js last. Wrangler needs no such rule because esbuild
// resolves JavaScript imports; edged loads plain JavaScript without bundling, so it must know
// that .js/.mjs files are ES modules. It is the same rule the wrangler-generated configs of
// Vite/Pages builds write for `no_bundle` Workers.
const std::vector<ModuleRule>& defaultModuleRules();

struct ResolvedModuleRules {
  std::vector<ModuleRule> rules;
  // One message per rule whose type "closes" without an explicit fallthrough while later rules
  // of that type were dropped (wrangler warns about exactly these).
  std::vector<std::string> warnings;
};

// Wrangler's parseRules(): the user's rules followed by the defaults, where a rule whose type
// already had a rule without `fallthrough: true` is dropped. So a user rule of type Text without
// `fallthrough: true` replaces the default Text rule, while one with it keeps the default behind
// it. Warnings name user rule i as `rules[i]`.
ResolvedModuleRules resolveModuleRules(const std::vector<ModuleRule>& user_rules);

// The type of the first rule with a glob matching `path` (relative, `/`-separated).
std::optional<ModuleType> moduleTypeFor(const std::vector<ModuleRule>& rules,
                                        std::string_view path);

}  // namespace edged::config
