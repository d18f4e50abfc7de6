#include "edged/config/module_rules.h"

#include <array>
#include <map>
#include <utility>

#include "edged/config/glob.h"

namespace edged::config {
namespace {

constexpr std::array<std::pair<ModuleType, std::string_view>, 7> kTypeNames = {{
    {ModuleType::kESModule, "ESModule"},
    {ModuleType::kCommonJS, "CommonJS"},
    {ModuleType::kCompiledWasm, "CompiledWasm"},
    {ModuleType::kText, "Text"},
    {ModuleType::kData, "Data"},
    {ModuleType::kPythonModule, "PythonModule"},
    {ModuleType::kPythonRequirement, "PythonRequirement"},
}};

// "Text: **/*.txt, **/*.html" — how a rule is named in warnings.
std::string describe(const ModuleRule& rule) {
  std::string out(moduleTypeName(rule.type));
  out += ":";
  for (size_t i = 0; i < rule.globs.size(); ++i) out += (i ? ", " : " ") + rule.globs[i];
  return out;
}

std::string label(const std::vector<ModuleRule>& all, size_t index, size_t user_count) {
  if (index >= user_count) return "the default rule (" + describe(all[index]) + ")";
  return "rules[" + std::to_string(index) + "] (" + describe(all[index]) + ")";
}

}  // namespace

std::string_view moduleTypeName(ModuleType type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "?";
}

std::optional<ModuleType> moduleTypeFromName(std::string_view name) {
  for (const auto& [t, type_name] : kTypeNames) {
    if (type_name == name) return t;
  }
  return std::nullopt;
}

const std::vector<ModuleRule>& defaultModuleRules() {
  static const std::vector<ModuleRule> rules = {
      {ModuleType::kText, {"**/*.txt", "**/*.html", "**/*.sql"}, std::nullopt, true},
      {ModuleType::kData, {"**/*.bin"}, std::nullopt, true},
      {ModuleType::kCompiledWasm, {"**/*.wasm", "**/*.wasm?module"}, std::nullopt, true},
      {ModuleType::kESModule, {"**/*.mjs", "**/*.js"}, std::nullopt, true},
  };
  return rules;
}

ResolvedModuleRules resolveModuleRules(const std::vector<ModuleRule>& user_rules) {
  std::vector<ModuleRule> all = user_rules;
  all.insert(all.end(), defaultModuleRules().begin(), defaultModuleRules().end());

  // Mirrors wrangler's parseRules(): the first rule of a type without `fallthrough: true`
  // "completes" the type; every later rule of that type is dropped, with a warning unless the
  // completing rule said `fallthrough: false` explicitly.
  std::map<ModuleType, size_t> completed_by;
  std::map<size_t, std::vector<size_t>> dropped_after;  // completing index → dropped indexes
  std::vector<bool> dropped(all.size(), false);
  for (size_t i = 0; i < all.size(); ++i) {
    auto done = completed_by.find(all[i].type);
    if (done != completed_by.end()) {
      dropped[i] = true;
      if (all[done->second].fallthrough != false) dropped_after[done->second].push_back(i);
    } else if (all[i].fallthrough != true) {
      completed_by[all[i].type] = i;
    }
  }

  ResolvedModuleRules out;
  for (const auto& [closer, victims] : dropped_after) {
    std::string message = "module rule " + label(all, closer, user_rules.size()) +
                          " has no \"fallthrough\", so these later " +
                          std::string(moduleTypeName(all[closer].type)) + " rules are ignored: ";
    for (size_t k = 0; k < victims.size(); ++k) {
      message += (k ? "; " : "") + label(all, victims[k], user_rules.size());
    }
    message +=
        ". Set \"fallthrough\": true to keep them, or \"fallthrough\": false to silence this "
        "warning";
    out.warnings.push_back(std::move(message));
  }
  for (size_t i = 0; i < all.size(); ++i) {
    if (!dropped[i]) out.rules.push_back(std::move(all[i]));
  }
  return out;
}

std::optional<ModuleType> moduleTypeFor(const std::vector<ModuleRule>& rules,
                                        std::string_view path) {
  for (const ModuleRule& rule : rules) {
    for (const std::string& glob : rule.globs) {
      if (globMatches(glob, path)) return rule.type;
    }
  }
  return std::nullopt;
}

}  // namespace edged::config
