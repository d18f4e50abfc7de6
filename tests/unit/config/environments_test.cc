// Named environments: `edged serve --env staging` applies env.staging the way wrangler does.

#include <gtest/gtest.h>

#include "config_test_support.h"

namespace edged::config {
namespace {

using namespace testing;

constexpr std::string_view kConfig = R"jsonc({
  "name": "shop",
  "main": "src/index.js",
  "compatibility_date": "2025-01-01",
  "compatibility_flags": ["nodejs_compat"],
  "vars": { "STAGE": "production", "PAGE_SIZE": 50 },
  "kv_namespaces": [{ "binding": "CARTS", "id": "prod-carts" }],
  "limits": { "cpu_ms": 100 },
  "env": {
    "staging": {
      "compatibility_date": "2025-03-01",
      "vars": { "STAGE": "staging" },
      "kv_namespaces": [{ "binding": "CARTS", "id": "staging-carts" }],
    },
    "preview": {
      "name": "shop-preview-build",
      "main": "src/preview.js",
    },
  },
})jsonc";

LoadOptions forEnvironment(std::string name) {
  LoadOptions o = textOnly();
  o.environment = std::move(name);
  o.served_sections = {"kv_namespaces"};
  return o;
}

TEST(Environments, WithoutAnEnvironmentTheTopLevelApplies) {
  LoadOptions o = textOnly();
  o.served_sections = {"kv_namespaces"};
  LoadedConfig loaded = mustLoad(kConfig, o);
  EXPECT_EQ(loaded.worker.name, "shop");
  EXPECT_FALSE(loaded.worker.environment);
  EXPECT_EQ(loaded.worker.vars.size(), 2u);
  EXPECT_EQ(loaded.worker.kv_namespaces[0].id, "prod-carts");
}

TEST(Environments, EnvironmentOverridesAndInherits) {
  LoadedConfig loaded = mustLoad(kConfig, forEnvironment("staging"));
  const WorkerConfig& w = loaded.worker;
  EXPECT_EQ(w.environment, "staging");
  EXPECT_EQ(w.name, "shop-staging");              // "<name>-<env>" since staging sets no name
  EXPECT_EQ(w.compatibility_date, "2025-03-01");  // overridden
  EXPECT_EQ(w.compatibility_flags, std::vector<std::string>{"nodejs_compat"});  // inherited
  EXPECT_EQ(w.limits.cpu_ms, 100);                                              // inherited
  ASSERT_EQ(w.vars.size(), 1u);  // vars are not inherited: only the environment's own
  EXPECT_EQ(w.vars[0].text, "staging");
  EXPECT_EQ(w.kv_namespaces[0].id, "staging-carts");
  EXPECT_TRUE(loaded.warnings.empty());
}

TEST(Environments, EnvironmentThatNamesItselfKeepsItsName) {
  LoadedConfig loaded = mustLoad(kConfig, forEnvironment("preview"));
  EXPECT_EQ(loaded.worker.name, "shop-preview-build");
  EXPECT_EQ(loaded.worker.main.filename(), "preview.js");
  // Non-inheritable sections the environment leaves out are empty, with a warning each.
  EXPECT_TRUE(loaded.worker.vars.empty());
  EXPECT_TRUE(loaded.worker.kv_namespaces.empty());
  EXPECT_EQ(
      loaded.warnings,
      (std::vector<std::string>{
          "wrangler.jsonc: \"vars\" is set at the top level but not in \"env.preview\"; it is "
          "not inherited, so environment \"preview\" has none",
          "wrangler.jsonc: \"kv_namespaces\" is set at the top level but not in "
          "\"env.preview\"; it is not inherited, so environment \"preview\" has none"}));
}

TEST(Environments, ErrorsInsideAnEnvironmentNameItsPath) {
  EXPECT_EQ(
      errorOf(
          R"({"name": "a", "main": "i.js", "env": { "staging": { "limits": { "cpu_ms": -1 } } }})",
          forEnvironment("staging")),
      "wrangler.jsonc: field \"env.staging.limits.cpu_ms\" must be a positive integer, got -1");
  EXPECT_EQ(
      errorOf(R"({"name": "a", "main": "i.js", "env": { "staging": { "var": {} } }})",
              forEnvironment("staging")),
      "wrangler.jsonc: unknown field \"env.staging.var\" (did you mean \"env.staging.vars\"?)");
  // Environments are checked even when not selected, so a typo cannot hide until deploy day.
  EXPECT_EQ(
      errorOf(R"({"name": "a", "main": "i.js", "env": { "staging": { "dev": {} } }})"),
      "wrangler.jsonc: field \"env.staging.dev\" is only allowed at the top level, not inside "
      "an environment");
}

TEST(Environments, UnknownEnvironment) {
  EXPECT_EQ(errorOf(kConfig, forEnvironment("prod")),
            "wrangler.jsonc: environment \"prod\" is not defined; \"env\" defines \"staging\", "
            "\"preview\"");
  // With no "env" section at all, wrangler only warns and uses the top level.
  LoadedConfig loaded = mustLoad(withBasics(""), forEnvironment("prod"));
  EXPECT_EQ(loaded.worker.name, "app-prod");
  EXPECT_EQ(loaded.warnings,
            std::vector<std::string>{"wrangler.jsonc: environment \"prod\" is not defined (there "
                                     "is no \"env\" section); using the top-level settings"});
}

TEST(Environments, DerivedNameMustBeValidToo) {
  EXPECT_EQ(errorOf(R"({"name": "a", "main": "i.js", "env": { "Staging": {} }})",
                    forEnvironment("Staging")),
            "wrangler.jsonc: the Worker name \"a-Staging\" (field \"name\" plus \"-Staging\") must "
            "be lowercase letters, digits, \"-\" and \"_\" (not starting with \"-\"), at most 63 "
            "characters");
}

TEST(Environments, SecretsFromTheEnvironmentsDevVars) {
  TempProject project;
  std::filesystem::path file = project.write("wrangler.jsonc", kConfig);
  project.write("src/index.js", "");
  project.write(".dev.vars", "STAGE=from-dev-vars\n");
  project.write(".dev.vars.staging", "STAGE=from-staging-dev-vars\n");
  LoadOptions o = options();
  o.environment = "staging";
  Result<LoadedConfig> result = loadConfig(file, o);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->secrets.size(), 1u);
  EXPECT_EQ(result->secrets[0].value, "from-staging-dev-vars");
  EXPECT_TRUE(result->worker.vars.empty());  // the secret replaced the var STAGE
}

}  // namespace
}  // namespace edged::config
