// buildEnvJson: the `env` a Worker sees before bindings — string vars as strings, JSON vars as
// values, secrets as strings — as JSON the runtime parses.
#include "edged/server/worker_version.h"

#include <gtest/gtest.h>

#include "temp_dir.h"
#include "test_isolate.h"

namespace edged::server {
namespace {

config::Var stringVar(std::string name, std::string text) {
  return {std::move(name), true, std::move(text)};
}
config::Var jsonVar(std::string name, std::string json) {
  return {std::move(name), false, std::move(json)};
}

TEST(BuildEnvJson, EmptyConfigIsAnEmptyObject) {
  EXPECT_EQ(buildEnvJson(config::LoadedConfig{}), "{}");
}

TEST(BuildEnvJson, StringVarsAreQuotedAndJsonVarsEmbedded) {
  config::LoadedConfig loaded;
  loaded.worker.vars = {stringVar("GREETING", "hello"), jsonVar("LIMITS", R"({"n":3,"on":true})"),
                        jsonVar("COUNT", "42"), stringVar("COUNT_TEXT", "42")};
  loaded.secrets = {{"TOKEN", "s3cret", ".dev.vars"}};
  EXPECT_EQ(buildEnvJson(loaded),
            R"({"GREETING":"hello","LIMITS":{"n":3,"on":true},"COUNT":42,"COUNT_TEXT":"42",)"
            R"("TOKEN":"s3cret"})");
}

TEST(BuildEnvJson, StringsAreEscaped) {
  config::LoadedConfig loaded;
  loaded.worker.vars = {stringVar("QUOTED", "say \"hi\"\\\n\t\x01"), stringVar("we\"ird", "é ✓")};
  loaded.secrets = {{"PEM", "-----BEGIN-----\r\nabc\r\n", "EDGED_SECRET_PEM"}};
  EXPECT_EQ(buildEnvJson(loaded), R"({"QUOTED":"say \"hi\"\\\n\t\u0001","we\"ird":"é ✓",)"
                                  R"("PEM":"-----BEGIN-----\r\nabc\r\n"})");
}

// The runtime is the consumer: what it parses must be exactly what the config said.
TEST(BuildEnvJson, TheRuntimeParsesItBackToTheSameValues) {
  config::LoadedConfig loaded;
  loaded.worker.vars = {stringVar("QUOTED", "say \"hi\"\\\n\t\x01 é ✓ \u2028"),
                        jsonVar("NESTED", R"({"list":[1,"two",null],"deep":{"x":-1.5}})")};
  loaded.secrets = {{"TOKEN", "</script>", "x"}};
  auto snapshot = edged::testing::makeSnapshot(
      edged::testing::recordOps(), {{"test:runtime", edged::testing::kMinimalRuntimeJs}});
  ASSERT_TRUE(snapshot);
  edged::testing::TestLoop loop;
  runtime::WorkerIsolateOptions options;
  options.env_json = buildEnvJson(loaded);
  auto isolate = edged::testing::startWorker(
      *snapshot, edged::testing::bundleOf({edged::testing::esModule("index.js", "")}), loop.get(),
      options);
  ASSERT_TRUE(isolate);
  EXPECT_EQ(
      edged::testing::evalJs(isolate->realm(), R"(env.QUOTED === 'say "hi"\\\n\t\x01 é ✓ \u2028')"),
      "true");
  EXPECT_EQ(edged::testing::evalJs(isolate->realm(), "JSON.stringify(env.NESTED)"),
            R"({"list":[1,"two",null],"deep":{"x":-1.5}})");
  EXPECT_EQ(edged::testing::evalJs(isolate->realm(), "env.TOKEN"), "</script>");
}

// Through the config loader: a secret (here from the process environment) replaces the var of
// the same name, so the name appears once, with the secret's value.
TEST(BuildEnvJson, ASecretOverridesTheVarOfTheSameName) {
  testing::TempDir dir;
  dir.write("src/index.js", "export default {};");
  dir.write(".dev.vars", "FROM_FILE=file value\n");
  config::LoadOptions options;
  options.today =
      std::chrono::year_month_day{std::chrono::year(2025), std::chrono::June, std::chrono::day(1)};
  options.process_env = {{"EDGED_SECRET_API_KEY", "from-secret"}, {"PATH", "/usr/bin"}};
  auto loaded = config::loadConfigFromText(R"({
      "name": "app", "main": "src/index.js", "compatibility_date": "2025-02-11",
      "vars": { "MODE": "dev", "API_KEY": "from-vars", "FLAGS": { "beta": true } }
    })",
                                           dir.path("wrangler.jsonc"), options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(
      buildEnvJson(*loaded),
      R"({"MODE":"dev","FLAGS":{"beta":true},"FROM_FILE":"file value","API_KEY":"from-secret"})");
}

}  // namespace
}  // namespace edged::server
