#include "edged/server/script_upload.h"

#include <simdjson.h>

#include <map>

#include "edged/util/json_escape.h"

namespace edged::server {
namespace {

// Module part Content-Types (Cloudflare's upload format) → wrangler rule types.
std::string ruleTypeFor(const std::string& content_type, const std::string& name) {
  std::string type = content_type.substr(0, content_type.find(';'));
  if (type == "application/javascript+module" || type == "text/javascript+module") return "ESModule";
  if (type == "text/plain") return "Text";
  if (type == "application/octet-stream") return "Data";
  if (type == "application/wasm") return "CompiledWasm";
  if (type.empty() && (name.ends_with(".js") || name.ends_with(".mjs"))) return "ESModule";
  return {};
}

std::string str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  return e[key].get(v) == simdjson::SUCCESS ? std::string(v) : std::string();
}

std::string stringList(simdjson::dom::element e, const char* key) {
  std::string out = "[";
  simdjson::dom::array items;
  if (e[key].get(items) == simdjson::SUCCESS) {
    for (simdjson::dom::element item : items) {
      std::string_view v;
      if (item.get(v) != simdjson::SUCCESS) continue;
      out += (out.size() > 1 ? ", " : "") + jsonQuote(v);
    }
  }
  return out + "]";
}

struct Sections {
  std::vector<std::string> vars, kv, durable_objects, d1, r2, queues, analytics, workflows, services,
      hyperdrive;
  std::string browser;  // the binding's name: wrangler.jsonc has one `browser` object
  std::map<std::string, std::string> secrets;
};

// One metadata binding → its wrangler.jsonc entry; an error names what is not served.
Status addBinding(simdjson::dom::element b, Sections& s) {
  std::string type = str(b, "type"), name = str(b, "name");
  if (name.empty()) return makeError("metadata.bindings: a binding has no \"name\"");
  std::string q = jsonQuote(name);
  if (type == "plain_text") {
    s.vars.push_back(q + ": " + jsonQuote(str(b, "text")));
  } else if (type == "json") {
    simdjson::dom::element json;
    if (b["json"].get(json) != simdjson::SUCCESS) return makeError("metadata.bindings: json binding " + q + " has no \"json\"");
    s.vars.push_back(q + ": " + simdjson::minify(json));
  } else if (type == "secret_text") {
    s.secrets[name] = str(b, "text");
  } else if (type == "kv_namespace") {
    s.kv.push_back("{\"binding\": " + q + ", \"id\": " + jsonQuote(str(b, "namespace_id")) + "}");
  } else if (type == "durable_object_namespace") {
    std::string entry = "{\"name\": " + q + ", \"class_name\": " + jsonQuote(str(b, "class_name"));
    if (!str(b, "script_name").empty()) entry += ", \"script_name\": " + jsonQuote(str(b, "script_name"));
    s.durable_objects.push_back(entry + "}");
  } else if (type == "d1") {
    std::string id = str(b, "id").empty() ? str(b, "database_id") : str(b, "id");
    s.d1.push_back("{\"binding\": " + q + ", \"database_id\": " + jsonQuote(id) + ", \"database_name\": " +
                   jsonQuote(id) + "}");
  } else if (type == "r2_bucket") {
    s.r2.push_back("{\"binding\": " + q + ", \"bucket_name\": " + jsonQuote(str(b, "bucket_name")) + "}");
  } else if (type == "queue") {
    s.queues.push_back("{\"binding\": " + q + ", \"queue\": " + jsonQuote(str(b, "queue_name")) + "}");
  } else if (type == "analytics_engine") {
    s.analytics.push_back("{\"binding\": " + q + ", \"dataset\": " + jsonQuote(str(b, "dataset")) + "}");
  } else if (type == "workflow") {
    std::string entry = "{\"binding\": " + q + ", \"name\": " + jsonQuote(str(b, "workflow_name")) +
                        ", \"class_name\": " + jsonQuote(str(b, "class_name"));
    if (!str(b, "script_name").empty()) entry += ", \"script_name\": " + jsonQuote(str(b, "script_name"));
    s.workflows.push_back(entry + "}");
  } else if (type == "service") {
    std::string entry = "{\"binding\": " + q + ", \"service\": " + jsonQuote(str(b, "service"));
    if (!str(b, "entrypoint").empty()) entry += ", \"entrypoint\": " + jsonQuote(str(b, "entrypoint"));
    // wrangler sends the binding's `props` (the target's ctx.props) as an object.
    simdjson::dom::object props;
    if (b["props"].get(props) == simdjson::SUCCESS)
      entry += ", \"props\": " + simdjson::minify(props);
    s.services.push_back(entry + "}");
  } else if (type == "hyperdrive") {
    // The origin's connection string never travels in an upload: the server's environment
    // gives it (CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<BINDING>), checked at deploy.
    s.hyperdrive.push_back("{\"binding\": " + q + ", \"id\": " + jsonQuote(str(b, "id")) + "}");
  } else if (type == "browser") {
    s.browser = name;
  } else {
    return makeError("metadata.bindings: binding " + q + " has type \"" + type +
                     "\", which edged's deploy API does not serve");
  }
  return Ok{};
}

constexpr std::string_view kTriggersLine = ",\n  \"triggers\": ";

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Cloudflare's `migrations` metadata: {tag} or {new_tag, old_tag, steps: [...]}, each step with
// new_classes, new_sqlite_classes, renamed_classes [{from, to}], deleted_classes; appended to
// `history` unless its tag was applied before.
void addMigrations(simdjson::dom::element metadata, std::vector<std::string>& history) {
  simdjson::dom::element migrations;
  if (metadata["migrations"].get(migrations) != simdjson::SUCCESS) return;
  std::string tag = str(migrations, "new_tag").empty() ? str(migrations, "tag") : str(migrations, "new_tag");
  std::vector<simdjson::dom::element> steps;
  simdjson::dom::array list;
  if (migrations["steps"].get(list) == simdjson::SUCCESS) {
    for (simdjson::dom::element step : list) steps.push_back(step);
  } else {
    steps.push_back(migrations);
  }
  for (const std::string& applied : history) {
    if (applied.find("{\"tag\": " + jsonQuote(tag) + ",") == 0) return;
  }
  for (size_t i = 0; i < steps.size(); ++i) {
    simdjson::dom::element step = steps[i];
    std::string renamed = "[";
    simdjson::dom::array pairs;
    if (step["renamed_classes"].get(pairs) == simdjson::SUCCESS) {
      for (simdjson::dom::element pair : pairs) {
        renamed += (renamed.size() > 1 ? ", " : "") + std::string("{\"from\": ") + jsonQuote(str(pair, "from")) +
                   ", \"to\": " + jsonQuote(str(pair, "to")) + "}";
      }
    }
    std::string step_tag = i + 1 == steps.size() ? tag : tag + "-step" + std::to_string(i + 1);
    history.push_back("{\"tag\": " + jsonQuote(step_tag) + ", \"new_classes\": " + stringList(step, "new_classes") +
                  ", \"new_sqlite_classes\": " + stringList(step, "new_sqlite_classes") +
                  ", \"renamed_classes\": " + renamed + "], \"deleted_classes\": " +
                  stringList(step, "deleted_classes") + "}");
  }
}

}  // namespace

Result<ScriptUpload> parseScriptUpload(const std::string& worker_name, const std::vector<FormPart>& parts,
                                       const WorkerHistory& history) {
  ScriptUpload upload;
  for (const FormPart& part : parts) {
    if (part.name == "metadata") {
      upload.metadata_json = part.body;
      continue;
    }
    std::string name = part.filename.empty() ? part.name : part.filename;
    if (name.empty() || name.starts_with("/") || name.find("..") != std::string::npos || name.starts_with(".")) {
      return makeError("module part \"" + name + "\": expected a relative module name without \"..\"");
    }
    // wrangler's upload_source_maps: "<module>.map", kept beside its module for stack traces.
    if (part.content_type.starts_with("application/source-map")) {
      upload.source_maps.push_back({name, "SourceMap", part.body});
      continue;
    }
    std::string rule = ruleTypeFor(part.content_type, name);
    if (rule.empty()) {
      return makeError("module part \"" + name + "\" has Content-Type \"" + part.content_type +
                       "\"; expected application/javascript+module, text/plain, application/octet-stream or application/wasm");
    }
    upload.modules.push_back({name, rule, part.body});
  }
  if (upload.metadata_json.empty()) return makeError("the upload has no \"metadata\" part");
  simdjson::dom::parser parser;
  simdjson::dom::element metadata;
  if (parser.parse(upload.metadata_json).get(metadata) != simdjson::SUCCESS || !metadata.is_object()) {
    return makeError("the \"metadata\" part is not a JSON object");
  }
  std::string main_module = str(metadata, "main_module");
  if (main_module.empty()) {
    return makeError(str(metadata, "body_part").empty()
                         ? "metadata.main_module is required (edged runs ES module Workers)"
                         : "metadata.body_part: service-worker scripts are not supported; upload ES modules with main_module");
  }
  bool found = false;
  for (const UploadedModule& module : upload.modules) found = found || module.name == main_module;
  if (!found) return makeError("metadata.main_module \"" + main_module + "\" is not among the uploaded modules");

  Sections sections;
  simdjson::dom::array bindings;
  if (metadata["bindings"].get(bindings) == simdjson::SUCCESS) {
    for (simdjson::dom::element b : bindings) {
      if (Status added = addBinding(b, sections); !added.ok()) return added.error();
    }
  }
  // One rule per uploaded module; `fallthrough` keeps every later rule of the same type in force.
  std::string rules;
  for (const UploadedModule& module : upload.modules) {
    rules += std::string(rules.empty() ? "" : ", ") + "{\"type\": " + jsonQuote(module.rule_type) +
             ", \"globs\": [" + jsonQuote(module.name) + "], \"fallthrough\": true}";
  }
  std::string config = "{\n  \"name\": " + jsonQuote(worker_name) + ",\n  \"main\": " + jsonQuote(main_module) +
                       ",\n  \"no_bundle\": true,\n  \"find_additional_modules\": true,\n  \"rules\": [" + rules + "]";
  if (!str(metadata, "compatibility_date").empty()) {
    config += ",\n  \"compatibility_date\": " + jsonQuote(str(metadata, "compatibility_date"));
  }
  config += ",\n  \"compatibility_flags\": " + stringList(metadata, "compatibility_flags");
  // The Worker's own settings wrangler uploads with it, in wrangler.jsonc's shape (the config
  // check below validates them as it does a configured Worker's).
  for (const char* key : {"limits", "observability"}) {
    simdjson::dom::object value;
    if (metadata[key].get(value) == simdjson::SUCCESS) {
      config += std::string(",\n  \"") + key + "\": " + simdjson::minify(value);
    }
  }
  auto section = [&](const char* key, const std::vector<std::string>& items, bool object = false) {
    if (items.empty()) return;
    config += std::string(",\n  \"") + key + "\": " + (object ? "{" : "[") + join(items) + (object ? "}" : "]");
  };
  section("vars", sections.vars, true);
  section("kv_namespaces", sections.kv);
  section("d1_databases", sections.d1);
  section("r2_buckets", sections.r2);
  section("analytics_engine_datasets", sections.analytics);
  section("workflows", sections.workflows);
  section("services", sections.services);
  section("hyperdrive", sections.hyperdrive);
  if (!sections.browser.empty()) {
    config += ",\n  \"browser\": {\"binding\": " + jsonQuote(sections.browser) + "}";
  }
  if (!sections.durable_objects.empty()) {
    config += ",\n  \"durable_objects\": {\"bindings\": [" + join(sections.durable_objects) + "]}";
  }
  if (!sections.queues.empty()) config += ",\n  \"queues\": {\"producers\": [" + join(sections.queues) + "]}";
  upload.secrets = std::move(sections.secrets);
  upload.migrations = history.migrations;
  addMigrations(metadata, upload.migrations);
  if (!upload.migrations.empty()) config += ",\n  \"migrations\": [" + join(upload.migrations) + "]";
  upload.wrangler_jsonc = withCrons(config + "\n}\n", history.crons);
  return upload;
}

std::string withCrons(std::string_view wrangler_jsonc, const std::vector<std::string>& crons) {
  // The generated config ends "…\n}\n", with the triggers, when any, on the last line before it.
  std::string config(wrangler_jsonc.substr(0, wrangler_jsonc.rfind("\n}")));
  size_t triggers = config.rfind(kTriggersLine);
  if (triggers != std::string::npos) config.erase(triggers);
  if (!crons.empty()) {
    std::vector<std::string> quoted;
    for (const std::string& cron : crons) quoted.push_back(jsonQuote(cron));
    config += std::string(kTriggersLine) + "{\"crons\": [" + join(quoted) + "]}";
  }
  return config + "\n}\n";
}

}  // namespace edged::server
