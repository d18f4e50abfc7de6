// Binding sections: what is read into WorkerConfig, the warnings for sections this build does not
// serve, and the configs of the seed documents users bring first.

#include <gtest/gtest.h>

#include "config_test_support.h"

namespace edged::config {
namespace {

using namespace testing;

// The sections edged parses, all served: no "not served" warnings in the way.
LoadOptions serving(std::initializer_list<std::string_view> sections) {
  LoadOptions o = textOnly();
  for (std::string_view section : sections) o.served_sections.emplace(section);
  return o;
}

TEST(Bindings, KvDurableObjectsAndMigrations) {
  LoadedConfig loaded = mustLoad(withBasics(R"(
    "kv_namespaces": [{ "binding": "AUTH_TOKENS", "id": "abc", "preview_id": "def" }],
    "durable_objects": { "bindings": [
      { "name": "ROOMS", "class_name": "ChatRoom" },
      { "name": "REMOTE", "class_name": "Counter", "script_name": "counter-worker" }
    ] },
    "migrations": [
      { "tag": "v1", "new_classes": ["ChatRoom"] },
      { "tag": "v2", "new_sqlite_classes": ["Counter"], "deleted_classes": ["Old"],
        "renamed_classes": [{ "from": "ChatRoom", "to": "Room" }] }
    ])"),
                                 serving({"kv_namespaces", "durable_objects"}));
  const WorkerConfig& w = loaded.worker;
  ASSERT_EQ(w.kv_namespaces.size(), 1u);
  EXPECT_EQ(w.kv_namespaces[0].binding, "AUTH_TOKENS");
  EXPECT_EQ(w.kv_namespaces[0].id, "abc");
  EXPECT_EQ(w.kv_namespaces[0].preview_id, "def");
  ASSERT_EQ(w.durable_objects.size(), 2u);
  EXPECT_EQ(w.durable_objects[0].class_name, "ChatRoom");
  EXPECT_FALSE(w.durable_objects[0].script_name);
  EXPECT_EQ(w.durable_objects[1].script_name, "counter-worker");
  ASSERT_EQ(w.migrations.size(), 2u);
  EXPECT_EQ(w.migrations[0].new_classes, std::vector<std::string>{"ChatRoom"});
  EXPECT_EQ(w.migrations[1].new_sqlite_classes, std::vector<std::string>{"Counter"});
  EXPECT_EQ(w.migrations[1].renamed_classes[0].to, "Room");
  EXPECT_TRUE(loaded.warnings.empty());
}

TEST(Bindings, D1R2AndServices) {
  LoadedConfig loaded = mustLoad(withBasics(R"(
    "d1_databases": [{ "binding": "DB", "database_name": "prod", "database_id": "uuid" },
                     { "binding": "DB2", "database_name": "x", "migrations_dir": "db/migrations",
                       "migrations_table": "schema_versions" }],
    "r2_buckets": [{ "binding": "UPLOADS", "bucket_name": "uploads" }],
    "services": [{ "binding": "AUTH", "service": "auth-worker", "entrypoint": "Auth",
                   "props": { "tenant": 1 } }])"),
                                 serving({"d1_databases", "r2_buckets", "services"}));
  const WorkerConfig& w = loaded.worker;
  const std::filesystem::path dir = std::filesystem::absolute("wrangler.jsonc").parent_path();
  EXPECT_EQ(w.d1_databases[0].migrations_dir, dir / "migrations");
  EXPECT_EQ(w.d1_databases[0].migrations_table, "d1_migrations");
  EXPECT_EQ(w.d1_databases[1].migrations_dir, dir / "db/migrations");
  EXPECT_EQ(w.d1_databases[1].migrations_table, "schema_versions");
  EXPECT_EQ(w.r2_buckets[0].bucket_name, "uploads");
  EXPECT_EQ(w.services[0].entrypoint, "Auth");
  EXPECT_EQ(w.services[0].props_json, R"({"tenant":1})");
  EXPECT_TRUE(loaded.warnings.empty());
}

TEST(Bindings, TriggersAnalyticsHyperdriveAndAssets) {
  LoadedConfig loaded =
      mustLoad(withBasics(R"(
    "triggers": { "crons": ["*/5 * * * *", "0 0 * * 1"] },
    "analytics_engine_datasets": [{ "binding": "EVENTS", "dataset": "events" }],
    "hyperdrive": [{ "binding": "PG", "id": "hd", "localConnectionString": "postgres://l/db" }],
    "assets": { "directory": "./public/", "binding": "ASSETS", "html_handling": "none",
                "not_found_handling": "single-page-application", "run_worker_first": ["/api/*"] })"),
               serving({"triggers", "analytics_engine_datasets", "hyperdrive", "assets"}));
  const WorkerConfig& w = loaded.worker;
  EXPECT_EQ(w.triggers.crons, (std::vector<std::string>{"*/5 * * * *", "0 0 * * 1"}));
  EXPECT_EQ(w.analytics_engine_datasets[0].dataset, "events");
  EXPECT_EQ(w.hyperdrive[0].local_connection_string, "postgres://l/db");
  ASSERT_TRUE(w.assets);
  EXPECT_EQ(w.assets->directory, std::filesystem::absolute("public"));
  EXPECT_EQ(w.assets->not_found_handling, "single-page-application");
  EXPECT_EQ(w.assets->run_worker_first_routes, std::vector<std::string>{"/api/*"});
  EXPECT_FALSE(w.assets->run_worker_first);
  EXPECT_TRUE(loaded.warnings.empty());
}

TEST(Bindings, ErrorsNameTheEntry) {
  EXPECT_EQ(errorOf(withBasics(R"("kv_namespaces": [{ "id": "abc" }])")),
            "wrangler.jsonc: field \"kv_namespaces[0].binding\" is required");
  EXPECT_EQ(errorOf(withBasics(R"("kv_namespaces": { "binding": "KV" })")),
            "wrangler.jsonc: field \"kv_namespaces\" must be an array, got {\"binding\":\"KV\"}");
  EXPECT_EQ(errorOf(withBasics(R"("durable_objects": [{ "name": "X", "class_name": "Y" }])")),
            "wrangler.jsonc: field \"durable_objects\" must be an object, got "
            "[{\"name\":\"X\",\"class_name\":\"Y\"}]");
  EXPECT_EQ(errorOf(withBasics(R"("durable_objects": { "bindings": [{ "name": "X" }] })")),
            "wrangler.jsonc: field \"durable_objects.bindings[0].class_name\" is required");
  EXPECT_EQ(errorOf(withBasics(R"("d1_databases": [{ "binding": "DB", "database": "x" }])")),
            "wrangler.jsonc: unknown field \"d1_databases[0].database\" (did you mean "
            "\"d1_databases[0].database_name\"?)");
  EXPECT_EQ(errorOf(withBasics(R"("migrations": [{ "tag": "v1" }, { "tag": "v1" }])")),
            "wrangler.jsonc: field \"migrations[1].tag\" must be a tag no earlier migration uses, "
            "got \"v1\"");
  EXPECT_EQ(errorOf(withBasics(R"("assets": { "binding": "ASSETS" })")),
            "wrangler.jsonc: field \"assets.directory\" is required");
  EXPECT_EQ(
      errorOf(withBasics(R"("assets": { "directory": "p", "not_found_handling": "spa" })")),
      "wrangler.jsonc: field \"assets.not_found_handling\" must be \"single-page-application\", "
      "\"404-page\" or \"none\", got \"spa\"");
  EXPECT_EQ(
      errorOf(withBasics(R"("queues": { "consumers": [{ "queue": "q", "max_retries": -1 }] })")),
      "wrangler.jsonc: field \"queues.consumers[0].max_retries\" must be a non-negative "
      "integer, got -1");
}

TEST(Bindings, MoreEntryErrors) {
  EXPECT_EQ(
      errorOf(withBasics(
          R"("queues": { "producers": [{ "binding": "Q", "queue": "a", "name": "b" }] })")),
      "wrangler.jsonc: field \"queues.producers[0].name\" must be absent when \"queue\" is set "
      "(\"queue\" names the queue), got \"b\"");
  EXPECT_EQ(errorOf(withBasics(R"("queues": { "producers": [{ "binding": "Q" }] })")),
            "wrangler.jsonc: field \"queues.producers[0].queue\" is required");
  EXPECT_EQ(
      errorOf(withBasics(R"("queues": { "consumers": [{ "queue": "q", "type": "http_pull" }] })")),
      "wrangler.jsonc: field \"queues.consumers[0].type\" must be \"worker\" (the only consumer "
      "type a config can declare), got \"http_pull\"");
  EXPECT_EQ(errorOf(withBasics(R"("browser": [{ "binding": "A" }, { "binding": "B" }])")),
            "wrangler.jsonc: field \"browser\" must be an object with a \"binding\", got "
            "[{\"binding\":\"A\"},{\"binding\":\"B\"}]");
  EXPECT_EQ(errorOf(withBasics(R"("services": [{ "binding": "S", "service": "s", "props": 1 }])")),
            "wrangler.jsonc: field \"services[0].props\" must be an object, got 1");
  EXPECT_EQ(errorOf(withBasics(R"("assets": { "directory": "p", "run_worker_first": "yes" })")),
            "wrangler.jsonc: field \"assets.run_worker_first\" must be true, false or an array of "
            "route patterns, got \"yes\"");
  EXPECT_EQ(errorOf(withBasics(R"("hyperdrive": [{ "binding": "H" }])")),
            "wrangler.jsonc: field \"hyperdrive[0].id\" is required");
  EXPECT_EQ(errorOf(withBasics(R"("workflows": [{ "binding": "W", "class_name": "C" }])")),
            "wrangler.jsonc: field \"workflows[0].name\" is required");
  EXPECT_EQ(
      errorOf(withBasics(R"("triggers": { "crons": "* * * * *" })")),
      "wrangler.jsonc: field \"triggers.crons\" must be an array of strings, got \"* * * * *\"");
}

TEST(Bindings, OneEnvPropertyPerName) {
  EXPECT_EQ(
      errorOf(withBasics(R"("vars": { "CACHE": "x" },
                                 "kv_namespaces": [{ "binding": "CACHE", "id": "1" }])")),
      "wrangler.jsonc: binding name \"CACHE\" is used by both \"vars\" and \"kv_namespaces\"; "
      "each env property needs its own name");
}

TEST(Bindings, RemoteIsIgnoredWithAWarning) {
  LoadedConfig loaded = mustLoad(
      withBasics(R"("r2_buckets": [{ "binding": "B", "bucket_name": "b", "remote": true }])"),
      serving({"r2_buckets"}));
  EXPECT_EQ(loaded.warnings,
            std::vector<std::string>{"wrangler.jsonc: field \"r2_buckets[0].remote\" is ignored: "
                                     "edged always uses its own local storage"});
}

// ---- Sections this build does not serve ---------------------------------------------------

TEST(UnservedSections, EachPresentSectionIsAWarningNamingWhatIsLost) {
  LoadedConfig loaded = mustLoad(withBasics(R"(
    "kv_namespaces": [{ "binding": "KV", "id": "1" }, { "binding": "CACHE", "id": "2" }],
    "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
    "queues": { "producers": [{ "binding": "Q", "queue": "q" }], "consumers": [{ "queue": "q" }] },
    "triggers": { "crons": ["* * * * *"] },
    "assets": { "directory": "public" },
    "vectorize": [{ "binding": "VEC", "index_name": "idx" }],
    "ai": { "binding": "AI" },
    "send_email": [{ "name": "MAIL" }],
    "unsafe": { "bindings": [] },
    "r2_buckets": [])"));
  EXPECT_EQ(
      loaded.warnings,
      (std::vector<std::string>{
          "wrangler.jsonc: \"kv_namespaces\" is not served by this build of edged yet; the "
          "bindings KV, CACHE will be missing from env",
          "wrangler.jsonc: \"durable_objects\" is not served by this build of edged yet; the "
          "binding ROOMS will be missing from env",
          "wrangler.jsonc: \"queues\" is not served by this build of edged yet; the binding Q "
          "will be missing from env and its queue consumers will not run",
          "wrangler.jsonc: \"assets\" is not served by this build of edged yet; static assets "
          "will not be served",
          "wrangler.jsonc: \"triggers\" is not served by this build of edged yet; its cron "
          "triggers will not run",
          "wrangler.jsonc: \"send_email\" is not served by this build of edged yet; the "
          "binding MAIL will be missing from env",
          "wrangler.jsonc: \"vectorize\" is not served by this build of edged yet; the binding "
          "VEC will be missing from env",
          "wrangler.jsonc: \"ai\" is not served by this build of edged yet; the binding AI "
          "will be missing from env",
      }));
  // Parsed all the same, for the layer that will serve them.
  EXPECT_EQ(loaded.worker.kv_namespaces.size(), 2u);
}

TEST(UnservedSections, ServedSectionsAreQuiet) {
  LoadedConfig loaded = mustLoad(withBasics(R"("kv_namespaces": [{ "binding": "KV", "id": "1" }])"),
                                 serving({"kv_namespaces"}));
  EXPECT_TRUE(loaded.warnings.empty());
}

TEST(UnservedSections, UnparsedSectionsAreStillShapeChecked) {
  EXPECT_EQ(errorOf(withBasics(R"("vectorize": { "binding": "VEC" })")),
            "wrangler.jsonc: field \"vectorize\" must be an array, got {\"binding\":\"VEC\"}");
  EXPECT_EQ(errorOf(withBasics(R"("ai": ["AI"])")),
            "wrangler.jsonc: field \"ai\" must be an object, got [\"AI\"]");
}

// ---- The seed documents' configs ----------------------------------------------------------

TEST(SeedConfigs, QueueProducerAndConsumerWithName) {
  // workers-platform-guide.md writes "name" where wrangler's schema says "queue".
  LoadedConfig loaded = mustLoad(R"({
    "name": "request-logger-consumer",
    "main": "src/index.ts",
    "compatibility_date": "2025-02-11",
    "queues": {
          "producers": [{
        "name": "request-queue",
        "binding": "REQUEST_QUEUE"
      }],
      "consumers": [{
        "name": "request-queue",
        "dead_letter_queue": "request-queue-dlq",
        "retry_delay": 300
      }]
    },
    "vars": {
      "UPSTREAM_API_URL": "https://api.example.com/batch-logs",
      "UPSTREAM_API_KEY": ""
    }
  })",
                                 serving({"queues"}));
  const Queues& queues = loaded.worker.queues;
  ASSERT_EQ(queues.producers.size(), 1u);
  EXPECT_EQ(queues.producers[0].queue, "request-queue");
  EXPECT_EQ(queues.producers[0].binding, "REQUEST_QUEUE");
  ASSERT_EQ(queues.consumers.size(), 1u);
  EXPECT_EQ(queues.consumers[0].queue, "request-queue");
  EXPECT_EQ(queues.consumers[0].dead_letter_queue, "request-queue-dlq");
  EXPECT_EQ(queues.consumers[0].retry_delay, 300);
  EXPECT_EQ(loaded.warnings,
            (std::vector<std::string>{
                "wrangler.jsonc: field \"queues.producers[0].name\" is read as \"queue\"; wrangler "
                "only accepts \"queue\"",
                "wrangler.jsonc: field \"queues.consumers[0].name\" is read as \"queue\"; wrangler "
                "only accepts \"queue\""}));
}

TEST(SeedConfigs, BrowserWrittenAsAnArray) {
  LoadedConfig loaded = mustLoad(R"({
    "name": "browser-rendering-example",
    "main": "src/index.ts",
    "compatibility_date": "2025-02-11",
    "browser": [
      {
        "binding": "BROWSER_RENDERING",
      }
    ]
  })",
                                 serving({"browser"}));
  ASSERT_TRUE(loaded.worker.browser);
  EXPECT_EQ(loaded.worker.browser->binding, "BROWSER_RENDERING");
  EXPECT_EQ(loaded.warnings,
            std::vector<std::string>{"wrangler.jsonc: field \"browser\" should be an object, not "
                                     "an array; the array's only element is used"});
}

TEST(Bindings, HyperdriveConnectionStringFromTheEnvironment) {
  LoadOptions options = serving({"hyperdrive"});
  options.process_env = {{"WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_A", "postgres://old@h/a"},
                         {"CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_A", "postgres://new@h/a"},
                         {"CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_B", "postgres://env@h/b"}};
  LoadedConfig loaded = mustLoad(withBasics(R"(
    "hyperdrive": [{ "binding": "A", "id": "a" },
                   { "binding": "B", "id": "b", "localConnectionString": "postgres://file@h/b" },
                   { "binding": "C", "id": "c", "localConnectionString": "postgres://file@h/c" },
                   { "binding": "D", "id": "d" }])"),
                                 options);
  const auto& h = loaded.worker.hyperdrive;
  EXPECT_EQ(h[0].local_connection_string, "postgres://new@h/a");  // the newer name wins
  EXPECT_EQ(h[1].local_connection_string, "postgres://env@h/b");  // the environment wins
  EXPECT_EQ(h[2].local_connection_string, "postgres://file@h/c");
  EXPECT_FALSE(h[3].local_connection_string);
}

TEST(SeedConfigs, WorkflowsKvHyperdriveAndAnalytics) {
  LoadOptions all =
      serving({"workflows", "kv_namespaces", "hyperdrive", "analytics_engine_datasets"});
  LoadedConfig workflows = mustLoad(R"({
    "name": "workflows-starter",
    "main": "src/index.ts",
    "compatibility_date": "2025-02-11",
    "workflows": [
      { "name": "workflows-starter", "binding": "MY_WORKFLOW", "class_name": "MyWorkflow" }
    ]
  })",
                                    all);
  EXPECT_EQ(workflows.worker.workflows[0].class_name, "MyWorkflow");
  EXPECT_TRUE(workflows.warnings.empty());

  LoadedConfig kv = mustLoad(R"({
    "name": "auth-worker",
    "main": "src/index.ts",
    "compatibility_date": "2025-02-11",
    "kv_namespaces": [
      {
        "binding": "AUTH_TOKENS",
        "id": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "preview_id": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      }
    ]
  })",
                             all);
  EXPECT_EQ(kv.worker.kv_namespaces[0].binding, "AUTH_TOKENS");

  LoadedConfig hyperdrive = mustLoad(R"({
    "name": "hyperdrive-postgres",
    "main": "src/index.ts",
    "compatibility_date": "2025-02-11",
    "hyperdrive": [ { "binding": "HYPERDRIVE", "id": "<YOUR_DATABASE_ID>" } ]
  })",
                                     all);
  EXPECT_EQ(hyperdrive.worker.hyperdrive[0].id, "<YOUR_DATABASE_ID>");

  // The seed's analytics example has one "}" too many; with it the file is not JSON at all.
  EXPECT_EQ(errorOf(R"({
  "name": "analytics-engine-example",
  "main": "src/index.ts",
  "compatibility_date": "2025-02-11",
  "analytics_engine_datasets": [
      {
        "binding": "<BINDING_NAME>",
        "dataset": "<DATASET_NAME>"
      }
    ]
  }
})"),
            "wrangler.jsonc:12:1: unexpected text after the end of the JSON value");
}

TEST(SeedConfigs, AssetsAndObservability) {
  LoadedConfig loaded = mustLoad(R"({
    "name": "my-app",
    "main": "src/index.ts",
    "compatibility_date": "2025-02-11",
    "assets": { "directory": "./public/", "not_found_handling": "single-page-application", "binding": "ASSETS" },
    "observability": {
      "enabled": true
    }
  })",
                                 serving({"assets"}));
  EXPECT_EQ(loaded.worker.assets->binding, "ASSETS");
  EXPECT_EQ(loaded.worker.observability.enabled, true);
  EXPECT_TRUE(loaded.warnings.empty());
}


TEST(Bindings, CronTriggersAreCheckedWithCloudflaresSyntax) {
  EXPECT_EQ(errorOf(withBasics(R"("triggers": { "crons": ["*/5 * * * *", "0 0 * * 0"] })")),
            "wrangler.jsonc: field \"triggers.crons[1]\" is not a cron expression Cloudflare accepts "
            "(minute hour day-of-month month day-of-week, in UTC): day-of-week \"0\": 0 is out of "
            "range 1-7 (1 is Sunday, 7 is Saturday; or SUN-SAT); got \"0 0 * * 0\"");
  EXPECT_EQ(errorOf(withBasics(R"("triggers": { "crons": ["every minute"] })")),
            "wrangler.jsonc: field \"triggers.crons[0]\" is not a cron expression Cloudflare accepts "
            "(minute hour day-of-month month day-of-week, in UTC): expected 5 fields (minute hour "
            "day-of-month month day-of-week), got 2; got \"every minute\"");
  EXPECT_EQ(errorOf(withBasics(R"("triggers": { "crons": [5] })")),
            "wrangler.jsonc: field \"triggers.crons[0]\" must be a string, got 5");
  LoadedConfig loaded = mustLoad(withBasics(R"("triggers": { "crons": ["0 0 31 2 *", "59 23 LW * *"] })"),
                                 serving({"triggers"}));
  EXPECT_EQ(loaded.worker.triggers.crons, (std::vector<std::string>{"0 0 31 2 *", "59 23 LW * *"}));
  ASSERT_EQ(loaded.warnings.size(), 1u);
  EXPECT_EQ(loaded.warnings[0],
            "wrangler.jsonc: field \"triggers.crons[0]\" never fires: no month has the day it names");
}
}  // namespace
}  // namespace edged::config
