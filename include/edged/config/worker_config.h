#pragma once
// What a Worker's wrangler.jsonc says, as plain structs: the output of config_loader.h and the
// input of every layer that runs a Worker. Field names follow wrangler's keys so the mapping
// stays obvious; paths are already absolute (resolved against the config file's directory).
//
// A std::optional field was absent from the file; the consumer picks the default, because the
// default is that layer's business (the dev server's port, a binding's storage name...).
// Sections edged does not parse yet are validated for shape and reported as warnings by the
// loader; they do not appear here.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "edged/config/module_rules.h"

namespace edged::config {

// One entry of `vars`. Wrangler passes string values to the Worker as strings and any other
// JSON value as the parsed object, so both the kind and the text are kept.
struct Var {
  std::string name;
  bool is_string = true;
  // is_string: the string itself. Otherwise the value as compact JSON text, for JSON.parse.
  std::string text;
};

// `route` / `routes` entries. A plain string route has only `pattern`.
struct Route {
  std::string pattern;
  std::optional<std::string> zone_id;
  std::optional<std::string> zone_name;
  std::optional<bool> custom_domain;
};

struct Limits {
  std::optional<int64_t> cpu_ms;       // 1..300000
  std::optional<int64_t> subrequests;  // 1..10000000
};

struct ObservabilityLogs {
  std::optional<bool> enabled;
  std::optional<double> head_sampling_rate;  // 0..1
  std::optional<bool> invocation_logs;
};

struct Observability {
  std::optional<bool> enabled;
  std::optional<double> head_sampling_rate;  // 0..1
  std::optional<ObservabilityLogs> logs;
};

// Cloudflare Smart Placement; kept for completeness, meaningless on one machine.
struct Placement {
  std::optional<std::string> mode;  // "off" | "smart" | "targeted"
  std::optional<std::string> hint;
  std::optional<std::string> region;
  std::optional<std::string> host;
  std::optional<std::string> hostname;
};

// A custom build step run before bundling.
struct Build {
  std::optional<std::string> command;
  std::optional<std::filesystem::path> cwd;
  std::vector<std::filesystem::path> watch_dir;
};

// `wrangler dev` settings; `edged serve` may honour them.
struct DevSettings {
  std::optional<std::string> ip;
  std::optional<int> port;                    // 0..65535
  std::optional<std::string> local_protocol;  // "http" | "https"
};

// A name → replacement pair of `define` or `alias` (esbuild options), in file order.
struct Replacement {
  std::string from;
  std::string to;
};

// ---- Bindings ---------------------------------------------------------------------------------

struct KvNamespace {
  std::string binding;
  std::optional<std::string> id;
  std::optional<std::string> preview_id;
};

struct DurableObjectBinding {
  std::string name;                        // the env property
  std::string class_name;                  // the exported class
  std::optional<std::string> script_name;  // set when the class lives in another Worker
  std::optional<std::string> environment;
};

struct RenamedClass {
  std::string from;
  std::string to;
};

struct TransferredClass {
  std::string from;
  std::string from_script;
  std::string to;
};

struct DurableObjectMigration {
  std::string tag;
  std::vector<std::string> new_classes;
  std::vector<std::string> new_sqlite_classes;
  std::vector<RenamedClass> renamed_classes;
  std::vector<std::string> deleted_classes;
  std::vector<TransferredClass> transferred_classes;
};

struct D1Database {
  std::string binding;
  std::optional<std::string> database_name;
  std::optional<std::string> database_id;
  std::optional<std::string> preview_database_id;
  std::filesystem::path migrations_dir;  // default: <config dir>/migrations
  std::string migrations_table = "d1_migrations";
};

struct R2Bucket {
  std::string binding;
  std::optional<std::string> bucket_name;
  std::optional<std::string> preview_bucket_name;
  std::optional<std::string> jurisdiction;
};

struct QueueProducer {
  std::string binding;
  std::string queue;
  std::optional<int64_t> delivery_delay;  // seconds
};

struct QueueConsumer {
  std::string queue;
  std::optional<int64_t> max_batch_size;
  std::optional<double> max_batch_timeout;  // seconds
  std::optional<int64_t> max_retries;
  std::optional<std::string> dead_letter_queue;
  std::optional<int64_t> max_concurrency;
  std::optional<int64_t> retry_delay;  // seconds
  std::optional<int64_t> visibility_timeout_ms;
};

struct Queues {
  std::vector<QueueProducer> producers;
  std::vector<QueueConsumer> consumers;
};

struct WorkflowBinding {
  std::string name;  // the Workflow's name
  std::string binding;
  std::string class_name;
  std::optional<std::string> script_name;
};

struct AnalyticsEngineDataset {
  std::string binding;
  std::optional<std::string> dataset;  // default: the binding name
};

struct BrowserBinding {
  std::string binding;
};

struct HyperdriveBinding {
  std::string binding;
  std::string id;
  std::optional<std::string> local_connection_string;  // wrangler's `localConnectionString`
};

struct Assets {
  std::optional<std::filesystem::path> directory;
  std::optional<std::string> binding;
  // "auto-trailing-slash" | "force-trailing-slash" | "drop-trailing-slash" | "none"
  std::optional<std::string> html_handling;
  // "single-page-application" | "404-page" | "none"
  std::optional<std::string> not_found_handling;
  // `run_worker_first`: true/false, or route patterns (a leading "!" excludes).
  std::optional<bool> run_worker_first;
  std::vector<std::string> run_worker_first_routes;
};

struct ServiceBinding {
  std::string binding;
  std::string service;
  std::optional<std::string> entrypoint;
  std::optional<std::string> environment;
  std::optional<std::string> props_json;  // `props` as compact JSON text
};

struct Triggers {
  std::vector<std::string> crons;
};

// ---- The Worker -------------------------------------------------------------------------------

struct WorkerConfig {
  std::filesystem::path config_path;       // absolute
  std::optional<std::string> environment;  // the `env.<name>` section applied, if any

  std::string name;            // with "-<environment>" appended unless the environment sets its own
  std::filesystem::path main;  // the entry module
  std::optional<std::string> compatibility_date;  // YYYY-MM-DD
  std::vector<std::string> compatibility_flags;
  std::vector<Var> vars;  // minus any name a secret overrides (see LoadedConfig::secrets)
  std::vector<std::string> required_secrets;  // `secrets.required`
  Limits limits;
  Observability observability;
  // The user's rules, then the defaults, as wrangler resolves them (module_rules.h).
  std::vector<ModuleRule> rules;

  // Bundling.
  std::optional<bool> no_bundle;
  std::optional<bool> find_additional_modules;
  std::optional<std::filesystem::path> base_dir;
  std::optional<std::filesystem::path> tsconfig;
  std::optional<bool> minify;
  std::optional<bool> keep_names;
  std::optional<std::string> jsx_factory;
  std::optional<std::string> jsx_fragment;
  std::vector<Replacement> define;
  std::vector<Replacement> alias;
  std::optional<bool> upload_source_maps;
  Build build;
  DevSettings dev;

  // Deployment settings that only mean something on Cloudflare, kept as written.
  std::optional<bool> workers_dev;
  std::optional<bool> preview_urls;
  std::vector<Route> routes;  // `route` or `routes`
  std::optional<bool> keep_vars;
  std::optional<Placement> placement;

  // Bindings and triggers.
  std::vector<KvNamespace> kv_namespaces;
  std::vector<DurableObjectBinding> durable_objects;
  std::vector<DurableObjectMigration> migrations;
  std::vector<D1Database> d1_databases;
  std::vector<R2Bucket> r2_buckets;
  Queues queues;
  std::vector<WorkflowBinding> workflows;
  std::vector<AnalyticsEngineDataset> analytics_engine_datasets;
  std::optional<BrowserBinding> browser;
  std::vector<HyperdriveBinding> hyperdrive;
  std::optional<Assets> assets;
  std::vector<ServiceBinding> services;
  Triggers triggers;
};

}  // namespace edged::config
