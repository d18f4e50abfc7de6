// Loading a Worker's wrangler.jsonc: the session a user has with `edged serve`, then every way
// the file can be wrong and the exact message each one gets.

#include "edged/config/config_loader.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "config_test_support.h"

namespace edged::config {
namespace {

using namespace testing;

constexpr std::string_view kProjectConfig = R"jsonc(// wrangler.jsonc of a small API
{
  "$schema": "node_modules/wrangler/config-schema.json",
  "name": "todo-api", // lowercase, dashes
  "main": "src/index.js",
  /* pin the runtime behaviour */
  "compatibility_date": "2025-02-11",
  "compatibility_flags": ["nodejs_compat",],
  "vars": {
    "GREETING": "hello // not a comment",
    "PAGE_SIZE": 20,
    "FEATURES": { "beta": true, "list": [1, 2,], },
  },
  "limits": { "cpu_ms": 50 },
  "observability": {
    "enabled": true,
    "head_sampling_rate": 0.5,
    "logs": { "invocation_logs": false },
  },
  "rules": [
    { "type": "Text", "globs": ["**/*.md"], "fallthrough": true },
  ],
  "no_bundle": true,
  "find_additional_modules": true,
  "base_dir": "src",
  "build": { "command": "npm run build", "cwd": ".", "watch_dir": ["src", "lib"] },
  "dev": { "ip": "0.0.0.0", "port": 8787, "local_protocol": "http" },
  "workers_dev": false,
  "routes": ["api.example.com/*", { "pattern": "example.com/api/*", "zone_name": "example.com" }],
  "define": { "DEBUG": "false" },
  "alias": { "fs": "./src/fs-shim.js" },
}
)jsonc";

TEST(ConfigLoader, ProjectSession) {
  TempProject project;
  std::filesystem::path file = project.write("wrangler.jsonc", kProjectConfig);
  project.write("src/index.js", "export default { fetch() { return new Response('ok'); } };\n");

  Result<LoadedConfig> result = loadConfig(file, options());
  ASSERT_TRUE(result) << result.error().message;
  const WorkerConfig& worker = result->worker;

  EXPECT_EQ(worker.config_path, file);
  EXPECT_EQ(worker.name, "todo-api");
  EXPECT_EQ(worker.main, project.path("src/index.js"));
  EXPECT_EQ(worker.compatibility_date, "2025-02-11");
  EXPECT_EQ(worker.compatibility_flags, std::vector<std::string>{"nodejs_compat"});

  ASSERT_EQ(worker.vars.size(), 3u);
  EXPECT_EQ(worker.vars[0].name, "GREETING");
  EXPECT_TRUE(worker.vars[0].is_string);
  EXPECT_EQ(worker.vars[0].text, "hello // not a comment");
  EXPECT_EQ(worker.vars[1].name, "PAGE_SIZE");
  EXPECT_FALSE(worker.vars[1].is_string);
  EXPECT_EQ(worker.vars[1].text, "20");
  EXPECT_EQ(worker.vars[2].text, R"({"beta":true,"list":[1,2]})");

  EXPECT_EQ(worker.limits.cpu_ms, 50);
  EXPECT_EQ(worker.observability.enabled, true);
  EXPECT_EQ(worker.observability.head_sampling_rate, 0.5);
  ASSERT_TRUE(worker.observability.logs);
  EXPECT_EQ(worker.observability.logs->invocation_logs, false);

  // The user's rule, then the defaults (its fallthrough keeps the default Text rule).
  ASSERT_EQ(worker.rules.size(), 5u);
  EXPECT_EQ(worker.rules[0].globs, std::vector<std::string>{"**/*.md"});
  EXPECT_FALSE(worker.rules[0].is_default);
  EXPECT_EQ(worker.rules[1].type, ModuleType::kText);
  EXPECT_TRUE(worker.rules[1].is_default);

  EXPECT_EQ(worker.no_bundle, true);
  EXPECT_EQ(worker.find_additional_modules, true);
  EXPECT_EQ(worker.base_dir, project.path("src"));
  EXPECT_EQ(worker.build.command, "npm run build");
  EXPECT_EQ(worker.build.cwd, project.path().parent_path());
  EXPECT_EQ(worker.build.watch_dir,
            (std::vector<std::filesystem::path>{project.path("src"), project.path("lib")}));
  EXPECT_EQ(worker.dev.ip, "0.0.0.0");
  EXPECT_EQ(worker.dev.port, 8787);
  EXPECT_EQ(worker.workers_dev, false);
  ASSERT_EQ(worker.routes.size(), 2u);
  EXPECT_EQ(worker.routes[0].pattern, "api.example.com/*");
  EXPECT_EQ(worker.routes[1].zone_name, "example.com");
  ASSERT_EQ(worker.define.size(), 1u);
  EXPECT_EQ(worker.define[0].to, "false");
  EXPECT_EQ(worker.alias[0].from, "fs");

  EXPECT_TRUE(result->secrets.empty());
  EXPECT_TRUE(result->warnings.empty()) << result->warnings.front();
}

TEST(ConfigLoader, WranglerJsonWithoutCommentsLoadsToo) {
  TempProject project;
  std::filesystem::path file = project.write(
      "wrangler.json", R"({"name":"a","main":"index.js","compatibility_date":"2024-09-23"})");
  project.write("index.js", "");
  Result<LoadedConfig> result = loadConfig(file, options());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->worker.main, project.path("index.js"));
}

TEST(ConfigLoader, SecretsFromDevVarsReplaceVarsOfTheSameName) {
  TempProject project;
  std::filesystem::path file = project.write("wrangler.jsonc", withBasics(R"(
    "vars": { "API_URL": "https://api.example.com", "API_KEY": "" },
    "secrets": { "required": ["API_KEY", "DB_PASSWORD"] })"));
  project.write("src/index.js", "");
  project.write(".dev.vars", "API_KEY=s3cret\n");

  Result<LoadedConfig> result = loadConfig(file, options());
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->worker.vars.size(), 1u);
  EXPECT_EQ(result->worker.vars[0].name, "API_URL");
  ASSERT_EQ(result->secrets.size(), 1u);
  EXPECT_EQ(result->secrets[0].name, "API_KEY");
  EXPECT_EQ(result->secrets[0].value, "s3cret");
  EXPECT_TRUE(hasWarning(
      *result, file.string() + ": secret \"DB_PASSWORD\" is listed in \"secrets.required\" "
                               "but not set (in .dev.vars, .env or EDGED_SECRET_DB_PASSWORD)"));
}

TEST(ConfigLoader, SecretsFromEdgedEnvironmentVariables) {
  TempProject project;
  std::filesystem::path file = project.write("wrangler.jsonc", withBasics(""));
  project.write("src/index.js", "");
  LoadOptions o = options();
  o.process_env = {{"EDGED_SECRET_TOKEN", "abc"}, {"HOME", "/root"}};
  Result<LoadedConfig> result = loadConfig(file, o);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->secrets.size(), 1u);
  EXPECT_EQ(result->secrets[0].name, "TOKEN");
  EXPECT_EQ(result->secrets[0].source, "EDGED_SECRET_TOKEN");
}

// ---- The file itself ----------------------------------------------------------------------

TEST(ConfigLoaderErrors, TomlIsRefusedWithAHint) {
  Result<LoadedConfig> result = loadConfig("project/wrangler.toml", options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "project/wrangler.toml: TOML configuration is not supported; convert it to "
            "wrangler.jsonc (the same fields, written as JSON with comments)");
}

TEST(ConfigLoaderErrors, MissingFile) {
  TempProject project;
  std::filesystem::path file = project.path("wrangler.jsonc");
  Result<LoadedConfig> result = loadConfig(file, options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, file.string() + ": cannot read: No such file or directory");
}

TEST(ConfigLoaderErrors, MissingCommaIsReportedAtLineAndColumn) {
  EXPECT_EQ(errorOf("{\n  \"name\": \"app\"\n  \"main\": \"src/index.js\"\n}"),
            "wrangler.jsonc:3:3: expected ',' or '}'");
}

TEST(ConfigLoaderErrors, PositionsCountTheOriginalTextIncludingComments) {
  EXPECT_EQ(errorOf("{ /* é */ \"a\": [1 2] }"), "wrangler.jsonc:1:19: expected ',' or ']'");
}

TEST(ConfigLoaderErrors, SyntaxErrorsNameWhatWasExpected) {
  EXPECT_EQ(errorOf(""), "wrangler.jsonc:1:1: unexpected end of file, expected a value");
  EXPECT_EQ(errorOf("{\"name\": \"app\""),
            "wrangler.jsonc:1:15: unexpected end of file, expected ',' or '}'");
  EXPECT_EQ(errorOf("{name: \"app\"}"),
            "wrangler.jsonc:1:2: expected a string key in double quotes or '}'");
  EXPECT_EQ(errorOf("{\"name\" \"app\"}"), "wrangler.jsonc:1:9: expected ':'");
  EXPECT_EQ(errorOf("{\"name\": 'app'}"),
            "wrangler.jsonc:1:10: expected a value (JSON strings use double quotes)");
  EXPECT_EQ(errorOf("{\"a\": tru}"), "wrangler.jsonc:1:7: expected a value, found 'tru'");
  EXPECT_EQ(errorOf("{\"a\": 01}"), "wrangler.jsonc:1:7: invalid number");
  EXPECT_EQ(errorOf("{\"a\": \"\\q\"}"), "wrangler.jsonc:1:8: invalid escape sequence in a string");
  EXPECT_EQ(errorOf("{} }"), "wrangler.jsonc:1:4: unexpected text after the end of the JSON value");
}

TEST(ConfigLoaderErrors, UnterminatedCommentOrString) {
  EXPECT_EQ(errorOf("{\n  /* name\n}"), "wrangler.jsonc:2:3: unterminated /* comment");
  EXPECT_EQ(errorOf("{\n  \"name\": \"app\n}"), "wrangler.jsonc:2:11: unterminated string");
}

TEST(ConfigLoaderErrors, InvalidJsonTheGrammarScanCannotPlaceFallsBackToSimdjson) {
  EXPECT_EQ(errorOf("{\"name\": \"\xFF\"}"),
            "wrangler.jsonc: invalid JSON: The input is not valid UTF-8");
}

TEST(ConfigLoaderErrors, NestingTooDeep) {
  std::string deep = "{\"vars\": {\"A\": " + std::string(1100, '[') + std::string(1100, ']') + "}}";
  EXPECT_EQ(errorOf(deep), "wrangler.jsonc:1:1038: nesting is too deep");
}

TEST(ConfigLoaderErrors, ConfigPathIsADirectory) {
  TempProject project;
  std::filesystem::create_directories(project.path("wrangler.jsonc"));
  Result<LoadedConfig> result = loadConfig(project.path("wrangler.jsonc"), options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            project.path("wrangler.jsonc").string() + ": cannot read: it is a directory");
}

TEST(ConfigLoaderErrors, TopLevelMustBeAnObject) {
  EXPECT_EQ(errorOf("[1]"),
            "wrangler.jsonc: the configuration must be a JSON object ({ ... }), got [1]");
}

TEST(ConfigLoaderErrors, UnknownFieldSuggestsTheLikelyName) {
  EXPECT_EQ(errorOf(withBasics(R"("kv_namespace": [])")),
            "wrangler.jsonc: unknown field \"kv_namespace\" (did you mean \"kv_namespaces\"?)");
  EXPECT_EQ(errorOf(withBasics(R"("compatability_flags": [])")),
            "wrangler.jsonc: unknown field \"compatability_flags\" (did you mean "
            "\"compatibility_flags\"?)");
  EXPECT_EQ(errorOf(withBasics(R"("flavour": "vanilla")")),
            "wrangler.jsonc: unknown field \"flavour\"");
}

TEST(ConfigLoaderErrors, UnknownNestedFieldNamesItsPath) {
  EXPECT_EQ(errorOf(withBasics(R"("limits": { "cpu": 10 })")),
            "wrangler.jsonc: unknown field \"limits.cpu\" (did you mean \"limits.cpu_ms\"?)");
}

// ---- Fields -------------------------------------------------------------------------------

TEST(ConfigLoaderErrors, Name) {
  EXPECT_EQ(errorOf(R"({"main": "index.js"})"),
            "wrangler.jsonc: field \"name\" is required: the Worker's name, lowercase letters, "
            "digits, \"-\" and \"_\" (not starting with \"-\"), at most 63 characters");
  EXPECT_EQ(
      errorOf(R"({"name": "My App", "main": "index.js"})"),
      "wrangler.jsonc: field \"name\" must be lowercase letters, digits, \"-\" and \"_\" (not "
      "starting with \"-\"), at most 63 characters, got \"My App\"");
  EXPECT_EQ(errorOf(R"({"name": 7, "main": "index.js"})"),
            "wrangler.jsonc: field \"name\" must be a string, got 7");
  std::string long_name(64, 'a');
  EXPECT_NE(errorOf(R"({"name": ")" + long_name + R"(", "main": "index.js"})"), "(loaded)");
  EXPECT_EQ(errorOf(R"({"name": "under_score-ok", "main": "index.js"})"), "(loaded)");
}

TEST(ConfigLoader, NameMayBeLeftToTheCallerWhenNotRequired) {
  LoadOptions o = textOnly();
  o.require_name = false;
  EXPECT_EQ(mustLoad(R"({"main": "index.js"})", o).worker.name, "");
}

TEST(ConfigLoaderErrors, Main) {
  EXPECT_EQ(errorOf(R"({"name": "app"})"),
            "wrangler.jsonc: field \"main\" is required: the path of the Worker's entry module, "
            "relative to this file");
  EXPECT_EQ(errorOf(R"({"name": "app", "main": ""})"),
            "wrangler.jsonc: field \"main\" must be a non-empty path, got \"\"");
}

TEST(ConfigLoader, AnAssetsOnlyWorkerNeedsNoMain) {
  LoadedConfig loaded = mustLoad(R"({"name": "site", "assets": {"directory": "./public"}})");
  EXPECT_TRUE(loaded.worker.main.empty());
  ASSERT_TRUE(loaded.worker.assets);
  EXPECT_TRUE(loaded.worker.assets->directory);
}

TEST(ConfigLoaderErrors, MainMustExist) {
  TempProject project;
  std::filesystem::path file =
      project.write("wrangler.jsonc", R"({"name": "app", "main": "./src/../src/index.ts"})");
  Result<LoadedConfig> result = loadConfig(file, options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, file.string() + ": field \"main\" names " +
                                        project.path("src/index.ts").string() +
                                        ", which does not exist");

  std::filesystem::create_directories(project.path("src/index.ts"));
  result = loadConfig(file, options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, file.string() + ": field \"main\" names " +
                                        project.path("src/index.ts").string() +
                                        ", which is a directory, not a file");
}

TEST(ConfigLoaderErrors, CompatibilityDate) {
  auto date = [](std::string_view value) {
    return errorOf(R"({"name": "app", "main": "i.js", "compatibility_date": ")" +
                   std::string(value) + R"("})");
  };
  EXPECT_EQ(date("2025-2-11"),
            "wrangler.jsonc: field \"compatibility_date\" must be a date written YYYY-MM-DD, got "
            "\"2025-2-11\"");
  EXPECT_EQ(date("<TBD>"),
            "wrangler.jsonc: field \"compatibility_date\" must be a date written YYYY-MM-DD, got "
            "\"<TBD>\"");
  EXPECT_EQ(date("2025-02-30"),
            "wrangler.jsonc: field \"compatibility_date\" must be a real calendar date, got "
            "\"2025-02-30\"");
  EXPECT_EQ(date("2025-06-02"),
            "wrangler.jsonc: field \"compatibility_date\" must be a date no later than today "
            "(2025-06-01), got \"2025-06-02\"");
  EXPECT_EQ(date("2025-06-01"), "(loaded)");
  EXPECT_EQ(date("2024-02-29"), "(loaded)");
}

TEST(ConfigLoader, WithoutAFixedTodayTheClockDecides) {
  LoadOptions o = textOnly();
  o.today.reset();
  auto with_date = [](std::string_view date) {
    return R"({"name": "app", "main": "i.js", "compatibility_date": ")" + std::string(date) + "\"}";
  };
  std::chrono::year_month_day utc_today(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  char today[16];
  std::snprintf(today, sizeof today, "%04d-%02u-%02u", static_cast<int>(utc_today.year()),
                static_cast<unsigned>(utc_today.month()), static_cast<unsigned>(utc_today.day()));
  EXPECT_EQ(errorOf(with_date(today), o), "(loaded)");
  EXPECT_EQ(errorOf(with_date("2999-01-01"), o)
                .rfind("wrangler.jsonc: field \"compatibility_date\" must be a date no later than "
                       "today (",
                       0),
            0u);
}

TEST(ConfigLoader, MissingCompatibilityDateIsAWarning) {
  LoadedConfig loaded = mustLoad(R"({"name": "app", "main": "i.js"})");
  EXPECT_FALSE(loaded.worker.compatibility_date);
  EXPECT_TRUE(hasWarning(loaded,
                         "wrangler.jsonc: field \"compatibility_date\" is not set, so the newest "
                         "runtime behaviour applies; set it to the date the Worker was written "
                         "for"));
}

TEST(ConfigLoaderErrors, Limits) {
  EXPECT_EQ(errorOf(withBasics(R"("limits": { "cpu_ms": "abc" })")),
            "wrangler.jsonc: field \"limits.cpu_ms\" must be a positive integer, got \"abc\"");
  EXPECT_EQ(errorOf(withBasics(R"("limits": { "cpu_ms": 0 })")),
            "wrangler.jsonc: field \"limits.cpu_ms\" must be a positive integer, got 0");
  EXPECT_EQ(errorOf(withBasics(R"("limits": { "cpu_ms": 1.5 })")),
            "wrangler.jsonc: field \"limits.cpu_ms\" must be a positive integer, got 1.5");
  EXPECT_EQ(errorOf(withBasics(R"("limits": { "cpu_ms": 300001 })")),
            "wrangler.jsonc: field \"limits.cpu_ms\" must be at most 300000 (five minutes), got "
            "300001");
  EXPECT_EQ(mustLoad(withBasics(R"("limits": { "cpu_ms": 300000, "subrequests": 1000 })"))
                .worker.limits.subrequests,
            1000);
}

TEST(ConfigLoaderErrors, Observability) {
  EXPECT_EQ(errorOf(withBasics(R"("observability": { "head_sampling_rate": 2 })")),
            "wrangler.jsonc: field \"observability.head_sampling_rate\" must be a number from 0 "
            "to 1, got 2");
  EXPECT_EQ(errorOf(withBasics(R"("observability": { "enabled": "yes" })")),
            "wrangler.jsonc: field \"observability.enabled\" must be true or false, got \"yes\"");
  EXPECT_EQ(errorOf(withBasics(R"("observability": { "logs": { "enable": true } })")),
            "wrangler.jsonc: unknown field \"observability.logs.enable\" (did you mean "
            "\"observability.logs.enabled\"?)");
}

TEST(ConfigLoader, ObservabilitySettingsForCloudflaresDashboardAreWarnings) {
  LoadedConfig loaded = mustLoad(withBasics(
      R"("observability": { "logs": { "persist": false }, "traces": { "enabled": true } })"));
  EXPECT_TRUE(hasWarning(loaded,
                         "wrangler.jsonc: field \"observability.logs.persist\" only affects "
                         "Cloudflare's dashboard; ignored"));
  EXPECT_TRUE(
      hasWarning(loaded,
                 "wrangler.jsonc: field \"observability.traces\" is ignored: edged does not "
                 "record traces"));
}

TEST(ConfigLoaderErrors, Rules) {
  EXPECT_EQ(errorOf(withBasics(R"("rules": [{ "type": "Markdown", "globs": ["**/*.md"] }])")),
            "wrangler.jsonc: field \"rules[0].type\" must be one of \"ESModule\", \"CommonJS\", "
            "\"CompiledWasm\", \"Text\", \"Data\", \"PythonModule\", \"PythonRequirement\", got "
            "\"Markdown\"");
  EXPECT_EQ(errorOf(withBasics(R"("rules": [{ "type": "Text" }])")),
            "wrangler.jsonc: field \"rules[0].globs\" is required");
  EXPECT_EQ(errorOf(withBasics(R"("rules": [{ "type": "Text", "globs": "**/*.md" }])")),
            "wrangler.jsonc: field \"rules[0].globs\" must be an array of strings, got "
            "\"**/*.md\"");
}

TEST(ConfigLoader, RuleWithoutFallthroughWarnsAboutTheDefaultItReplaces) {
  LoadedConfig loaded =
      mustLoad(withBasics(R"("rules": [{ "type": "Text", "globs": ["**/*.md"] }])"));
  EXPECT_EQ(loaded.worker.rules.size(), 4u);
  ASSERT_EQ(loaded.warnings.size(), 1u);
  EXPECT_EQ(loaded.warnings[0].rfind("wrangler.jsonc: module rule rules[0] (Text: **/*.md)", 0),
            0u);
}

TEST(ConfigLoaderErrors, Vars) {
  EXPECT_EQ(errorOf(withBasics(R"("vars": "API=1")")),
            "wrangler.jsonc: field \"vars\" must be an object, got \"API=1\"");
}

TEST(ConfigLoaderErrors, RouteAndRoutesTogether) {
  EXPECT_EQ(errorOf(withBasics(R"("route": "a.com/*", "routes": ["b.com/*"])")),
            "wrangler.jsonc: fields \"route\" and \"routes\" cannot both be set; use \"routes\"");
  EXPECT_EQ(errorOf(withBasics(R"("routes": [{ "zone_id": "z" }])")),
            "wrangler.jsonc: field \"routes[0].pattern\" is required");
}

TEST(ConfigLoaderErrors, DevAndBuild) {
  EXPECT_EQ(errorOf(withBasics(R"("dev": { "port": 70000 })")),
            "wrangler.jsonc: field \"dev.port\" must be a port number from 0 to 65535, got 70000");
  EXPECT_EQ(
      errorOf(withBasics(R"("dev": { "local_protocol": "ftp" })")),
      "wrangler.jsonc: field \"dev.local_protocol\" must be \"http\" or \"https\", got \"ftp\"");
  EXPECT_EQ(errorOf(withBasics(R"("build": { "watch_dir": 3 })")),
            "wrangler.jsonc: field \"build.watch_dir\" must be a path or an array of paths, got 3");
}

TEST(ConfigLoaderErrors, FieldsWranglerRemovedOrEdgedCannotRun) {
  EXPECT_EQ(errorOf(withBasics(R"("node_compat": true)")),
            "wrangler.jsonc: field \"node_compat\" is no longer supported (wrangler 4 removed it): "
            "add the \"nodejs_compat\" compatibility flag instead");
  EXPECT_EQ(errorOf(withBasics(R"("wasm_modules": { "ADD": "add.wasm" })")),
            "wrangler.jsonc: field \"wasm_modules\" only works for Service Worker syntax, which "
            "edged does not run: import the .wasm file in your code instead");
}

TEST(ConfigLoaderErrors, MoreFieldShapes) {
  EXPECT_EQ(errorOf(withBasics(R"("compatibility_flags": "nodejs_compat")")),
            "wrangler.jsonc: field \"compatibility_flags\" must be an array of strings, got "
            "\"nodejs_compat\"");
  EXPECT_EQ(errorOf(withBasics(R"("compatibility_flags": ["a", 1])")),
            "wrangler.jsonc: field \"compatibility_flags[1]\" must be a string, got 1");
  EXPECT_EQ(errorOf(withBasics(R"("secrets": { "required": "API_KEY" })")),
            "wrangler.jsonc: field \"secrets.required\" must be an array of strings, got "
            "\"API_KEY\"");
  EXPECT_EQ(errorOf(withBasics(R"("limits": { "subrequests": -5 })")),
            "wrangler.jsonc: field \"limits.subrequests\" must be a positive integer, got -5");
  EXPECT_EQ(errorOf(withBasics(R"("limits": { "subrequests": 10000001 })")),
            "wrangler.jsonc: field \"limits.subrequests\" must be at most 10000000 (Cloudflare's "
            "largest), got 10000001");
  EXPECT_EQ(errorOf(withBasics(R"("no_bundle": "yes")")),
            "wrangler.jsonc: field \"no_bundle\" must be true or false, got \"yes\"");
  EXPECT_EQ(
      errorOf(withBasics(R"("routes": [{ "pattern": "a/*", "zone_id": "1", "zone_name": "a" }])")),
      "wrangler.jsonc: field \"routes[0]\" must be an object with either \"zone_id\" or "
      "\"zone_name\", not both, got {\"pattern\":\"a/*\",\"zone_id\":\"1\",\"zone_name\":\"a\"}");
  EXPECT_EQ(
      errorOf(withBasics(R"("placement": { "mode": "fast" })")),
      "wrangler.jsonc: field \"placement.mode\" must be \"off\", \"smart\" or \"targeted\", got "
      "\"fast\"");
  EXPECT_EQ(errorOf(withBasics(R"("pages_build_output_dir": "dist")")),
            "wrangler.jsonc: field \"pages_build_output_dir\" marks a Cloudflare Pages project; "
            "edged runs Workers (see Cloudflare's guide to migrating from Pages to Workers)");
}

TEST(ConfigLoaderErrors, LongValuesAreCutShortInMessages) {
  std::string message = errorOf(R"({"name": ")" + std::string(100, 'A') + R"(", "main": "i.js"})");
  EXPECT_EQ(message.substr(message.size() - 12), "AAAAAAAAA...");
  EXPECT_LT(message.size(), 250u);
}

TEST(ConfigLoader, CloudflareOnlySettingsAreWarnings) {
  LoadedConfig loaded = mustLoad(withBasics(R"("account_id": "abc", "logpush": true)"));
  EXPECT_EQ(loaded.warnings,
            (std::vector<std::string>{
                "wrangler.jsonc: field \"account_id\" only configures Cloudflare's platform; edged "
                "ignores it",
                "wrangler.jsonc: field \"logpush\" only configures Cloudflare's platform; edged "
                "ignores it"}));
}

TEST(ConfigLoader, RepeatedKeyKeepsTheLastValueWithAWarning) {
  LoadedConfig loaded = mustLoad(withBasics(R"("vars": { "A": "1", "A": "2" })"));
  ASSERT_EQ(loaded.worker.vars.size(), 1u);
  EXPECT_EQ(loaded.worker.vars[0].text, "2");
  EXPECT_TRUE(hasWarning(loaded,
                         "wrangler.jsonc: field \"vars.A\" appears more than once; the last value "
                         "is used"));
}

TEST(ConfigLoader, IntegersWrittenAsFloatsAreIntegers) {
  EXPECT_EQ(mustLoad(withBasics(R"("limits": { "cpu_ms": 5e1 })")).worker.limits.cpu_ms, 50);
}

}  // namespace
}  // namespace edged::config
