#include "edged/server/script_upload.h"

#include <gtest/gtest.h>

#include "edged/config/config_loader.h"
#include "edged/server/multipart_form.h"

namespace edged::server {
namespace {

TEST(MultipartFormTest, SplitsPartsWithNamesFilenamesAndTypes) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
      "{\"main_module\":\"index.js\"}\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"index.js\"; filename=\"index.js\"\r\n"
      "Content-Type: application/javascript+module\r\n\r\nexport default {};\r\n--XyZ--\r\n";
  auto parts = parseMultipartForm("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(parts.ok()) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "metadata");
  EXPECT_EQ((*parts)[0].body, "{\"main_module\":\"index.js\"}");
  EXPECT_EQ((*parts)[1].filename, "index.js");
  EXPECT_EQ((*parts)[1].content_type, "application/javascript+module");
  EXPECT_EQ((*parts)[1].body, "export default {};");
}

TEST(MultipartFormTest, BadBodiesAreRefusedWithTheReason) {
  EXPECT_EQ(parseMultipartForm("application/json", "{}").error().message,
            "expected a multipart/form-data body, got Content-Type \"application/json\"");
  EXPECT_EQ(parseMultipartForm("multipart/form-data", "").error().message,
            "the multipart/form-data Content-Type has no boundary");
  EXPECT_EQ(parseMultipartForm("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunfinished")
                .error().message,
            "the multipart body ends before its closing boundary");
}

std::vector<FormPart> parts(std::string metadata) {
  return {{"metadata", "", "application/json", std::move(metadata)},
          {"index.js", "index.js", "application/javascript+module", "export default {};"},
          {"data/words.txt", "data/words.txt", "text/plain", "hello"}};
}

TEST(ScriptUploadTest, MetadataBecomesAProjectConfig) {
  auto upload = parseScriptUpload("site", parts(R"({"main_module": "index.js", "compatibility_date": "2025-09-01",
    "compatibility_flags": ["nodejs_compat"],
    "bindings": [{"type": "plain_text", "name": "MODE", "text": "prod"},
                 {"type": "kv_namespace", "name": "KV", "namespace_id": "abc"},
                 {"type": "secret_text", "name": "KEY", "text": "s"},
                 {"type": "durable_object_namespace", "name": "ROOM", "class_name": "Room"}],
    "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Room"]}})"), {});
  ASSERT_TRUE(upload.ok()) << upload.error().message;
  EXPECT_EQ(upload->modules.size(), 2u);
  EXPECT_EQ(upload->modules[1].rule_type, "Text");
  EXPECT_EQ(upload->secrets.at("KEY"), "s");
  const std::string& c = upload->wrangler_jsonc;
  EXPECT_NE(c.find("\"name\": \"site\""), std::string::npos) << c;
  EXPECT_NE(c.find("\"vars\": {\"MODE\": \"prod\"}"), std::string::npos) << c;
  EXPECT_NE(c.find("\"kv_namespaces\": [{\"binding\": \"KV\", \"id\": \"abc\"}]"), std::string::npos) << c;
  EXPECT_NE(c.find("\"new_sqlite_classes\": [\"Room\"]"), std::string::npos) << c;
  EXPECT_EQ(c.find("\"s\""), std::string::npos) << "a secret's value never lands in the config";
  // A redeploy without migrations keeps the ones applied before; a repeated tag is not added.
  auto again = parseScriptUpload("site", parts(R"({"main_module": "index.js",
    "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Room"]}})"), {upload->migrations, {"*/5 * * * *"}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->migrations, upload->migrations);
  EXPECT_NE(again->wrangler_jsonc.find("\"crons\": [\"*/5 * * * *\"]"), std::string::npos);
}

// `wrangler deploy` uploads the Worker's limits and observability in the metadata: they reach
// the generated config as wrangler.jsonc would say them, checked by the same loader.
TEST(ScriptUploadTest, LimitsAndObservabilityReachTheConfig) {
  auto upload = parseScriptUpload("site", parts(R"({"main_module": "index.js", "compatibility_date": "2025-09-01",
    "limits": {"cpu_ms": 50, "subrequests": 20},
    "observability": {"enabled": true, "head_sampling_rate": 0.5}})"), {});
  ASSERT_TRUE(upload.ok()) << upload.error().message;
  config::LoadOptions options;
  options.use_filesystem = false;
  auto loaded = config::loadConfigFromText(upload->wrangler_jsonc, "/deploy/wrangler.jsonc", options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->worker.limits.cpu_ms, 50);
  EXPECT_EQ(loaded->worker.limits.subrequests, 20);
  EXPECT_EQ(loaded->worker.observability.enabled, true);
  EXPECT_EQ(loaded->worker.observability.head_sampling_rate, 0.5);
  auto bad = parseScriptUpload("site", parts(R"({"main_module": "index.js", "limits": {"cpu_ms": 0}})"), {});
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(config::loadConfigFromText(bad->wrangler_jsonc, "/deploy/wrangler.jsonc", options).ok());
}

// upload_source_maps: wrangler adds an `application/source-map` part "<module>.map" per module;
// it is kept to be stored beside the module, never taken for a module of its own.
TEST(ScriptUploadTest, SourceMapPartsAreKeptApartFromModules) {
  std::vector<FormPart> form = parts(R"({"main_module": "index.js"})");
  form.push_back({"index.js.map", "index.js.map", "application/source-map",
                  R"({"version":3,"sources":["src/index.ts"],"mappings":"AAAA"})"});
  auto upload = parseScriptUpload("site", form, {});
  ASSERT_TRUE(upload.ok()) << upload.error().message;
  EXPECT_EQ(upload->modules.size(), 2u);
  ASSERT_EQ(upload->source_maps.size(), 1u);
  EXPECT_EQ(upload->source_maps[0].name, "index.js.map");
  EXPECT_EQ(upload->wrangler_jsonc.find("index.js.map"), std::string::npos);
  form.push_back({"../x.map", "../x.map", "application/source-map", "{}"});
  EXPECT_FALSE(parseScriptUpload("site", form, {}).ok());
}

// Hyperdrive and Browser Rendering bindings as wrangler uploads them; the origin's connection
// string comes from the server's environment, never from the upload.
TEST(ScriptUploadTest, HyperdriveAndBrowserBindingsReachTheConfig) {
  auto upload = parseScriptUpload("site", parts(R"({"main_module": "index.js", "compatibility_date": "2025-09-01",
    "bindings": [{"type": "hyperdrive", "name": "DB", "id": "hd1"},
                 {"type": "browser", "name": "MYBROWSER"}]})"), {});
  ASSERT_TRUE(upload.ok()) << upload.error().message;
  const std::string& c = upload->wrangler_jsonc;
  EXPECT_NE(c.find("\"hyperdrive\": [{\"binding\": \"DB\", \"id\": \"hd1\"}]"), std::string::npos) << c;
  EXPECT_NE(c.find("\"browser\": {\"binding\": \"MYBROWSER\"}"), std::string::npos) << c;
  config::LoadOptions options;
  options.use_filesystem = false;
  options.process_env = {{"CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB", "postgres://u:p@127.0.0.1:5432/app"}};
  auto loaded = config::loadConfigFromText(c, "/deploy/wrangler.jsonc", options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_EQ(loaded->worker.hyperdrive.size(), 1u);
  EXPECT_EQ(loaded->worker.hyperdrive[0].id, "hd1");
  EXPECT_EQ(loaded->worker.hyperdrive[0].local_connection_string, "postgres://u:p@127.0.0.1:5432/app");
  ASSERT_TRUE(loaded->worker.browser);
  EXPECT_EQ(loaded->worker.browser->binding, "MYBROWSER");
}

// The schedules API rewrites a generated config's triggers: replaced, added, or removed, and
// the rest of the config left as it was.
TEST(ScriptUploadTest, WithCronsReplacesTheTriggersOfAGeneratedConfig) {
  auto upload = parseScriptUpload("site", parts(R"({"main_module": "index.js"})"), {});
  ASSERT_TRUE(upload.ok()) << upload.error().message;
  const std::string& plain = upload->wrangler_jsonc;
  EXPECT_EQ(plain.find("triggers"), std::string::npos) << plain;
  std::string one = withCrons(plain, {"*/5 * * * *"});
  EXPECT_EQ(one, plain.substr(0, plain.size() - 3) + ",\n  \"triggers\": {\"crons\": [\"*/5 * * * *\"]}\n}\n");
  std::string two = withCrons(one, {"0 0 * * *", "1 2 3 4 MON"});
  EXPECT_NE(two.find("{\"crons\": [\"0 0 * * *\", \"1 2 3 4 MON\"]}"), std::string::npos) << two;
  EXPECT_EQ(two.find("*/5"), std::string::npos) << two;
  EXPECT_EQ(withCrons(two, {}), plain);
}

TEST(ScriptUploadTest, BadUploadsAreRefusedWithTheReason) {
  auto error = [](std::vector<FormPart> p) {
    auto upload = parseScriptUpload("site", p, {});
    return upload.ok() ? std::string("ok") : upload.error().message;
  };
  EXPECT_EQ(error({}), "the upload has no \"metadata\" part");
  EXPECT_EQ(error(parts("{}")), "metadata.main_module is required (edged runs ES module Workers)");
  EXPECT_EQ(error(parts(R"({"body_part": "script"})")),
            "metadata.body_part: service-worker scripts are not supported; upload ES modules with main_module");
  EXPECT_EQ(error(parts(R"({"main_module": "index.js", "bindings": [{"type": "mtls_certificate", "name": "CERT"}]})")),
            "metadata.bindings: binding \"CERT\" has type \"mtls_certificate\", which edged's deploy API does not serve");
  std::vector<FormPart> escape = parts(R"({"main_module": "index.js"})");
  escape.push_back({"../evil.js", "../evil.js", "application/javascript+module", ""});
  EXPECT_EQ(error(escape), "module part \"../evil.js\": expected a relative module name without \"..\"");
}

}  // namespace
}  // namespace edged::server
