#include "edged/config/module_rules.h"

#include <gtest/gtest.h>

namespace edged::config {
namespace {

std::vector<std::string> describe(const std::vector<ModuleRule>& rules) {
  std::vector<std::string> out;
  for (const ModuleRule& rule : rules) {
    std::string line(moduleTypeName(rule.type));
    for (const std::string& glob : rule.globs) line += " " + glob;
    if (rule.is_default) line += " (default)";
    out.push_back(line);
  }
  return out;
}

TEST(ModuleRules, WithoutUserRulesTheDefaultsApply) {
  ResolvedModuleRules resolved = resolveModuleRules({});
  EXPECT_EQ(describe(resolved.rules),
            (std::vector<std::string>{"Text **/*.txt **/*.html **/*.sql (default)",
                                      "Data **/*.bin (default)",
                                      "CompiledWasm **/*.wasm **/*.wasm?module (default)",
                                      "ESModule **/*.mjs **/*.js (default)"}));
  EXPECT_TRUE(resolved.warnings.empty());
}

TEST(ModuleRules, UserRuleWithoutFallthroughReplacesTheDefaultOfItsTypeWithAWarning) {
  ResolvedModuleRules resolved = resolveModuleRules({{ModuleType::kText, {"**/*.md"}}});
  EXPECT_EQ(describe(resolved.rules),
            (std::vector<std::string>{"Text **/*.md", "Data **/*.bin (default)",
                                      "CompiledWasm **/*.wasm **/*.wasm?module (default)",
                                      "ESModule **/*.mjs **/*.js (default)"}));
  ASSERT_EQ(resolved.warnings.size(), 1u);
  EXPECT_EQ(resolved.warnings[0],
            "module rule rules[0] (Text: **/*.md) has no \"fallthrough\", so these later Text "
            "rules are ignored: the default rule (Text: **/*.txt, **/*.html, **/*.sql). Set "
            "\"fallthrough\": true to keep them, or \"fallthrough\": false to silence this "
            "warning");
}

TEST(ModuleRules, ExplicitFallthroughFalseDropsTheDefaultSilently) {
  ResolvedModuleRules resolved = resolveModuleRules({{ModuleType::kData, {"**/*.dat"}, false}});
  EXPECT_EQ(describe(resolved.rules)[1], "Text **/*.txt **/*.html **/*.sql (default)");
  EXPECT_EQ(describe(resolved.rules)[0], "Data **/*.dat");
  EXPECT_EQ(resolved.rules.size(), 4u);
  EXPECT_TRUE(resolved.warnings.empty());
}

TEST(ModuleRules, FallthroughTrueKeepsTheDefaultBehindTheUserRule) {
  ResolvedModuleRules resolved = resolveModuleRules({{ModuleType::kText, {"**/*.md"}, true}});
  EXPECT_EQ(describe(resolved.rules),
            (std::vector<std::string>{"Text **/*.md", "Text **/*.txt **/*.html **/*.sql (default)",
                                      "Data **/*.bin (default)",
                                      "CompiledWasm **/*.wasm **/*.wasm?module (default)",
                                      "ESModule **/*.mjs **/*.js (default)"}));
  EXPECT_TRUE(resolved.warnings.empty());
}

TEST(ModuleRules, LaterUserRulesOfAClosedTypeAreDroppedToo) {
  ResolvedModuleRules resolved = resolveModuleRules(
      {{ModuleType::kESModule, {"src/**/*.js"}}, {ModuleType::kESModule, {"lib/**/*.js"}}});
  EXPECT_EQ(describe(resolved.rules).back(), "CompiledWasm **/*.wasm **/*.wasm?module (default)");
  EXPECT_EQ(resolved.rules.size(), 4u);
  ASSERT_EQ(resolved.warnings.size(), 1u);
  EXPECT_NE(resolved.warnings[0].find("rules[1] (ESModule: lib/**/*.js); the default rule "
                                      "(ESModule: **/*.mjs, **/*.js)"),
            std::string::npos);
}

TEST(ModuleRules, FirstMatchingRuleDecidesTheType) {
  std::vector<ModuleRule> rules =
      resolveModuleRules({{ModuleType::kCommonJS, {"legacy/**/*.js"}, true}}).rules;
  EXPECT_EQ(moduleTypeFor(rules, "legacy/a.js"), ModuleType::kCommonJS);
  EXPECT_EQ(moduleTypeFor(rules, "src/a.js"), ModuleType::kESModule);
  EXPECT_EQ(moduleTypeFor(rules, "schema.sql"), ModuleType::kText);
  EXPECT_EQ(moduleTypeFor(rules, "add.wasm"), ModuleType::kCompiledWasm);
  EXPECT_EQ(moduleTypeFor(rules, "image.png"), std::nullopt);
}

TEST(ModuleRules, TypeNamesRoundTrip) {
  for (auto type :
       {ModuleType::kESModule, ModuleType::kCommonJS, ModuleType::kCompiledWasm, ModuleType::kText,
        ModuleType::kData, ModuleType::kPythonModule, ModuleType::kPythonRequirement}) {
    EXPECT_EQ(moduleTypeFromName(moduleTypeName(type)), type);
  }
  EXPECT_EQ(moduleTypeFromName("esmodule"), std::nullopt);
}

}  // namespace
}  // namespace edged::config
