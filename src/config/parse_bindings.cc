// Parsers for the binding sections edged reads, the description of what a Worker loses while a
// section is not served, and the check that binding names do not collide.

#include <algorithm>
#include <map>

#include "edged/config/cron_schedule.h"
#include "parsers.h"

namespace edged::config::detail {
namespace {

constexpr std::string_view kCronFields =
    "minute hour day-of-month month day-of-week, in UTC";

// `remote: true` asks wrangler dev for the real Cloudflare resource; edged has only local ones.
void ignoreRemote(const ObjectNode& binding) {
  if (auto remote = binding.get("remote")) {
    remote->boolean();
    remote->warn("is ignored: edged always uses its own local storage");
  }
}

std::optional<int64_t> optionalNonNegative(const ObjectNode& object, std::string_view key) {
  auto value = object.get(key);
  if (!value || value->isNull()) return std::nullopt;
  std::optional<int64_t> n = value->tryInteger();
  if (!n || *n < 0) value->fail("a non-negative integer");
  return n;
}

// The queue a producer or consumer names. wrangler calls the field "queue"; "name" is accepted
// too because examples in circulation (and edged's seed documents) use it.
std::string queueName(const ObjectNode& entry) {
  auto queue = entry.get("queue");
  auto name = entry.get("name");
  if (queue && name) name->fail("absent when \"queue\" is set (\"queue\" names the queue)");
  if (queue) return queue->string();
  if (name) {
    name->warn("is read as \"queue\"; wrangler only accepts \"queue\"");
    return name->string();
  }
  return entry.requiredString("queue");
}

std::vector<std::string> namesIn(const std::vector<Node>& items) {
  std::vector<std::string> names;
  for (const Node& item : items) {
    if (!item.isObject()) continue;
    ObjectNode entry = ObjectNode::quiet(item);
    for (std::string_view key : {"binding", "name"}) {
      auto name = entry.get(key);
      if (name && name->isString()) {
        names.push_back(name->string());
        break;
      }
    }
  }
  return names;
}

// The env properties a section would define, read from its JSON whatever its schema: arrays of
// {binding}/{name}, objects with "binding", or {bindings: [...]}.
std::vector<std::string> bindingNames(std::string_view section, const Node& value) {
  if (value.isArray()) return namesIn(value.array());
  if (!value.isObject()) return {};
  ObjectNode object = ObjectNode::quiet(value);
  if (section == "queues") {
    auto producers = object.get("producers");
    return producers && producers->isArray() ? namesIn(producers->array())
                                             : std::vector<std::string>{};
  }
  if (auto bindings = object.get("bindings"); bindings && bindings->isArray()) {
    return namesIn(bindings->array());
  }
  if (auto binding = object.get("binding"); binding && binding->isString()) {
    return {binding->string()};
  }
  return {};
}

// Whether a section declares anything: `[]` and `{"bindings": []}` do not.
bool hasEntries(const std::optional<Node>& value) {
  if (!value) return false;
  if (value->isArray()) return !value->array().empty();
  if (value->isObject()) {
    ObjectNode object = ObjectNode::quiet(*value);
    return std::any_of(object.fields().begin(), object.fields().end(),
                       [](const auto& field) { return hasEntries(field.second); });
  }
  return !value->isNull();
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

}  // namespace

void parseKvNamespaces(const Node& value, ParseState& state) {
  for (const Node& item : value.array()) {
    ObjectNode kv(item, {"binding", "id", "preview_id", "remote"});
    state.config.kv_namespaces.push_back(
        {kv.requiredString("binding"), kv.optionalString("id"), kv.optionalString("preview_id")});
    ignoreRemote(kv);
  }
}

void parseDurableObjects(const Node& value, ParseState& state) {
  ObjectNode section(value, {"bindings"});
  for (const Node& item : section.required("bindings").array()) {
    ObjectNode binding(item, {"name", "class_name", "script_name", "environment"});
    state.config.durable_objects.push_back(
        {binding.requiredString("name"), binding.requiredString("class_name"),
         binding.optionalString("script_name"), binding.optionalString("environment")});
  }
}

void parseMigrations(const Node& value, ParseState& state) {
  for (const Node& item : value.array()) {
    ObjectNode migration(item, {"tag", "new_classes", "new_sqlite_classes", "renamed_classes",
                                "deleted_classes", "transferred_classes"});
    DurableObjectMigration out;
    Node tag = migration.required("tag");
    out.tag = tag.string();
    for (const DurableObjectMigration& earlier : state.config.migrations) {
      if (earlier.tag == out.tag) tag.fail("a tag no earlier migration uses");
    }
    out.new_classes = migration.stringArray("new_classes");
    out.new_sqlite_classes = migration.stringArray("new_sqlite_classes");
    out.deleted_classes = migration.stringArray("deleted_classes");
    if (auto renamed = migration.get("renamed_classes")) {
      for (const Node& entry : renamed->array()) {
        ObjectNode rename(entry, {"from", "to"});
        out.renamed_classes.push_back({rename.requiredString("from"), rename.requiredString("to")});
      }
    }
    if (auto transferred = migration.get("transferred_classes")) {
      for (const Node& entry : transferred->array()) {
        ObjectNode transfer(entry, {"from", "from_script", "to"});
        out.transferred_classes.push_back({transfer.requiredString("from"),
                                           transfer.requiredString("from_script"),
                                           transfer.requiredString("to")});
      }
    }
    state.config.migrations.push_back(std::move(out));
  }
}

void parseD1Databases(const Node& value, ParseState& state) {
  for (const Node& item : value.array()) {
    ObjectNode d1(item, {"binding", "database_name", "database_id", "preview_database_id",
                         "migrations_table", "migrations_dir", "database_internal_env", "remote"});
    D1Database out;
    out.binding = d1.requiredString("binding");
    out.database_name = d1.optionalString("database_name");
    out.database_id = d1.optionalString("database_id");
    out.preview_database_id = d1.optionalString("preview_database_id");
    auto dir = d1.get("migrations_dir");
    out.migrations_dir = dir ? resolvePath(*dir, state) : state.config_dir / "migrations";
    if (auto table = d1.optionalString("migrations_table")) out.migrations_table = *table;
    d1.optionalString("database_internal_env");
    ignoreRemote(d1);
    state.config.d1_databases.push_back(std::move(out));
  }
}

void parseR2Buckets(const Node& value, ParseState& state) {
  for (const Node& item : value.array()) {
    ObjectNode r2(item,
                  {"binding", "bucket_name", "preview_bucket_name", "jurisdiction", "remote"});
    state.config.r2_buckets.push_back(
        {r2.requiredString("binding"), r2.optionalString("bucket_name"),
         r2.optionalString("preview_bucket_name"), r2.optionalString("jurisdiction")});
    ignoreRemote(r2);
  }
}

void parseQueues(const Node& value, ParseState& state) {
  ObjectNode queues(value, {"producers", "consumers"});
  if (auto producers = queues.get("producers")) {
    for (const Node& item : producers->array()) {
      ObjectNode producer(item, {"binding", "queue", "name", "delivery_delay", "remote"});
      std::string binding = producer.requiredString("binding");
      state.config.queues.producers.push_back({std::move(binding), queueName(producer),
                                               optionalNonNegative(producer, "delivery_delay")});
      ignoreRemote(producer);
    }
  }
  if (auto consumers = queues.get("consumers")) {
    for (const Node& item : consumers->array()) {
      ObjectNode consumer(
          item, {"queue", "name", "type", "max_batch_size", "max_batch_timeout", "max_retries",
                 "dead_letter_queue", "max_concurrency", "visibility_timeout_ms", "retry_delay"});
      if (auto type = consumer.get("type"); type && type->string() != "worker") {
        type->fail("\"worker\" (the only consumer type a config can declare)");
      }
      QueueConsumer out;
      out.queue = queueName(consumer);
      out.max_batch_size = optionalNonNegative(consumer, "max_batch_size");
      if (auto timeout = consumer.get("max_batch_timeout")) {
        double seconds = timeout->number();
        if (seconds < 0) timeout->fail("a non-negative number of seconds");
        out.max_batch_timeout = seconds;
      }
      out.max_retries = optionalNonNegative(consumer, "max_retries");
      out.dead_letter_queue = consumer.optionalString("dead_letter_queue");
      out.max_concurrency = optionalNonNegative(consumer, "max_concurrency");
      out.visibility_timeout_ms = optionalNonNegative(consumer, "visibility_timeout_ms");
      out.retry_delay = optionalNonNegative(consumer, "retry_delay");
      state.config.queues.consumers.push_back(std::move(out));
    }
  }
}

void parseWorkflows(const Node& value, ParseState& state) {
  for (const Node& item : value.array()) {
    ObjectNode workflow(item, {"name", "binding", "class_name", "script_name", "remote", "limits"});
    state.config.workflows.push_back(
        {workflow.requiredString("name"), workflow.requiredString("binding"),
         workflow.requiredString("class_name"), workflow.optionalString("script_name")});
    if (auto limits = workflow.get("limits")) {
      ObjectNode(*limits, {"steps"}).optionalInteger("steps");
      limits->warn("is not enforced by edged");
    }
    ignoreRemote(workflow);
  }
}

void parseAnalyticsEngineDatasets(const Node& value, ParseState& state) {
  for (const Node& item : value.array()) {
    ObjectNode dataset(item, {"binding", "dataset"});
    state.config.analytics_engine_datasets.push_back(
        {dataset.requiredString("binding"), dataset.optionalString("dataset")});
  }
}

void parseBrowser(const Node& value, ParseState& state) {
  Node browser = value;
  // wrangler's schema is one object; a one-element array is accepted because examples in
  // circulation (edged's seed documents among them) write it that way.
  if (value.isArray()) {
    std::vector<Node> items = value.array();
    if (items.size() != 1) value.fail("an object with a \"binding\"");
    value.warn("should be an object, not an array; the array's only element is used");
    browser = items[0];
  }
  ObjectNode binding(browser, {"binding", "remote"});
  state.config.browser = BrowserBinding{binding.requiredString("binding")};
  ignoreRemote(binding);
}

void parseHyperdrive(const Node& value, ParseState& state) {
  for (const Node& item : value.array()) {
    ObjectNode hyperdrive(item, {"binding", "id", "localConnectionString"});
    HyperdriveBinding binding{hyperdrive.requiredString("binding"), hyperdrive.requiredString("id"),
                              hyperdrive.optionalString("localConnectionString")};
    // wrangler's variables, so the origin's password need not sit in a committed file; the
    // environment wins over the file, the newer name over the older.
    for (const char* prefix : {"WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_",
                               "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_"}) {
      for (const auto& [name, text] : state.options.process_env) {
        if (name == prefix + binding.binding) binding.local_connection_string = text;
      }
    }
    state.config.hyperdrive.push_back(std::move(binding));
  }
}

void parseAssets(const Node& value, ParseState& state) {
  ObjectNode assets(
      value, {"directory", "binding", "html_handling", "not_found_handling", "run_worker_first"});
  Assets out;
  out.directory = resolvePath(assets.required("directory"), state);
  out.binding = assets.optionalString("binding");
  if (auto html = assets.get("html_handling")) {
    out.html_handling = html->string();
    if (*out.html_handling != "auto-trailing-slash" &&
        *out.html_handling != "force-trailing-slash" &&
        *out.html_handling != "drop-trailing-slash" && *out.html_handling != "none") {
      html->fail(
          "\"auto-trailing-slash\", \"force-trailing-slash\", \"drop-trailing-slash\" or \"none\"");
    }
  }
  if (auto not_found = assets.get("not_found_handling")) {
    out.not_found_handling = not_found->string();
    if (*out.not_found_handling != "single-page-application" &&
        *out.not_found_handling != "404-page" && *out.not_found_handling != "none") {
      not_found->fail("\"single-page-application\", \"404-page\" or \"none\"");
    }
  }
  if (auto first = assets.get("run_worker_first")) {
    if (first->isBool()) {
      out.run_worker_first = first->boolean();
    } else if (first->isArray()) {
      out.run_worker_first_routes = first->stringArray();
    } else {
      first->fail("true, false or an array of route patterns");
    }
  }
  state.config.assets = std::move(out);
}

void parseServices(const Node& value, ParseState& state) {
  for (const Node& item : value.array()) {
    ObjectNode service(item,
                       {"binding", "service", "environment", "entrypoint", "props", "remote"});
    ServiceBinding out;
    out.binding = service.requiredString("binding");
    out.service = service.requiredString("service");
    out.entrypoint = service.optionalString("entrypoint");
    out.environment = service.optionalString("environment");
    if (auto props = service.get("props")) {
      if (!props->isObject()) props->fail("an object");
      out.props_json = props->json();
    }
    ignoreRemote(service);
    state.config.services.push_back(std::move(out));
  }
}

void parseTriggers(const Node& value, ParseState& state) {
  ObjectNode triggers(value, {"crons", "events"});
  if (auto crons = triggers.get("crons")) {
    if (!crons->isArray()) crons->fail("an array of strings");
    for (const Node& item : crons->array()) {
      std::string expression = item.string();
      auto schedule = CronSchedule::parse(expression);
      if (!schedule.ok()) {
        item.diag().fail("field \"" + item.path() + "\" is not a cron expression Cloudflare accepts (" +
                         std::string(kCronFields) + "): " + schedule.error().message + "; got \"" + expression +
                         "\"");
      }
      // Cloudflare accepts such a schedule too; it just never runs.
      if (!schedule->nextAfter(0)) item.warn("never fires: no month has the day it names");
      state.config.triggers.crons.push_back(std::move(expression));
    }
  }
  if (auto events = triggers.get("events")) {
    events->array();
    events->warn("is ignored: edged does not deliver Artifacts events");
  }
}

std::string describeUnservedSection(std::string_view section, const Node& value) {
  if (!hasEntries(value)) return "";
  std::vector<std::string> effects;
  std::vector<std::string> names = bindingNames(section, value);
  if (!names.empty()) {
    effects.push_back((names.size() == 1 ? "the binding " : "the bindings ") + joined(names) +
                      " will be missing from env");
  }
  if (section == "triggers") effects.push_back("its cron triggers will not run");
  if (section == "queues" && value.isObject() &&
      hasEntries(ObjectNode::quiet(value).get("consumers"))) {
    effects.push_back("its queue consumers will not run");
  }
  if (section == "assets" || section == "site")
    effects.push_back("static assets will not be served");
  if (section == "tail_consumers" || section == "streaming_tail_consumers") {
    effects.push_back("tail events will not be delivered");
  }
  if (section == "containers" || section == "cloudchamber")
    effects.push_back("containers will not run");
  if (effects.empty()) effects.push_back("it has no effect");
  std::string out;
  for (size_t i = 0; i < effects.size(); ++i) out += (i ? " and " : "") + effects[i];
  return out;
}

void checkUniqueBindingNames(const WorkerConfig& config, Diagnostics& diag) {
  std::map<std::string, std::string_view> owner;  // env property → section that defines it
  auto claim = [&](const std::string& name, std::string_view section) {
    auto [it, inserted] = owner.emplace(name, section);
    if (!inserted) {
      diag.fail("binding name \"" + name + "\" is used by both \"" + std::string(it->second) +
                "\" and \"" + std::string(section) + "\"; each env property needs its own name");
    }
  };
  for (const Var& var : config.vars) claim(var.name, "vars");
  for (const auto& kv : config.kv_namespaces) claim(kv.binding, "kv_namespaces");
  for (const auto& object : config.durable_objects) claim(object.name, "durable_objects");
  for (const auto& d1 : config.d1_databases) claim(d1.binding, "d1_databases");
  for (const auto& r2 : config.r2_buckets) claim(r2.binding, "r2_buckets");
  for (const auto& producer : config.queues.producers) claim(producer.binding, "queues");
  for (const auto& workflow : config.workflows) claim(workflow.binding, "workflows");
  for (const auto& dataset : config.analytics_engine_datasets) {
    claim(dataset.binding, "analytics_engine_datasets");
  }
  if (config.browser) claim(config.browser->binding, "browser");
  for (const auto& hyperdrive : config.hyperdrive) claim(hyperdrive.binding, "hyperdrive");
  if (config.assets && config.assets->binding) claim(*config.assets->binding, "assets");
  for (const auto& service : config.services) claim(service.binding, "services");
}

}  // namespace edged::config::detail
