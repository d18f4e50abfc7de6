#include "fields.h"

#include <algorithm>
#include <array>
#include <vector>

#include "parsers.h"

namespace edged::config::detail {
namespace {

using enum Scope;
using enum Handling;

// One row per wrangler field. Parsed fields run in this order, so the first error reported is
// stable. Notes complete "field "<name>" ..." messages.
const FieldSpec kFields[] = {
    // The Worker itself.
    {"name", kInheritable, kParsed, parseName},
    {"main", kInheritable, kParsed, parseMain},
    {"compatibility_date", kInheritable, kParsed, parseCompatibilityDate},
    {"compatibility_flags", kInheritable, kParsed, parseCompatibilityFlags},
    {"vars", kNotInheritable, kParsed, parseVars},
    {"secrets", kNotInheritable, kParsed, parseSecrets},
    {"limits", kInheritable, kParsed, parseLimits},
    {"observability", kInheritable, kParsed, parseObservability},
    {"rules", kInheritable, kParsed, parseRules},

    // Bundling and local development.
    {"no_bundle", kInheritable, kParsed, parseBool<&WorkerConfig::no_bundle>},
    {"find_additional_modules", kInheritable, kParsed,
     parseBool<&WorkerConfig::find_additional_modules>},
    {"base_dir", kInheritable, kParsed, parseBaseDir},
    {"tsconfig", kInheritable, kParsed, parseTsconfig},
    {"minify", kInheritable, kParsed, parseBool<&WorkerConfig::minify>},
    {"keep_names", kInheritable, kParsed, parseBool<&WorkerConfig::keep_names>},
    {"jsx_factory", kInheritable, kParsed, parseString<&WorkerConfig::jsx_factory>},
    {"jsx_fragment", kInheritable, kParsed, parseString<&WorkerConfig::jsx_fragment>},
    {"define", kNotInheritable, kParsed, parseDefine},
    {"alias", kTopLevelOnly, kParsed, parseAlias},
    {"upload_source_maps", kInheritable, kParsed, parseBool<&WorkerConfig::upload_source_maps>},
    {"build", kInheritable, kParsed, parseBuild},
    {"dev", kTopLevelOnly, kParsed, parseDev},

    // Deployment settings kept as written.
    {"workers_dev", kInheritable, kParsed, parseBool<&WorkerConfig::workers_dev>},
    {"preview_urls", kInheritable, kParsed, parseBool<&WorkerConfig::preview_urls>},
    {"route", kInheritable, kParsed, parseRoute},
    {"routes", kInheritable, kParsed, parseRoutes},
    {"keep_vars", kTopLevelOnly, kParsed, parseBool<&WorkerConfig::keep_vars>},
    {"placement", kInheritable, kParsed, parsePlacement},

    // Bindings and triggers edged reads.
    {"kv_namespaces", kNotInheritable, kParsed, parseKvNamespaces, true},
    {"durable_objects", kNotInheritable, kParsed, parseDurableObjects, true},
    {"migrations", kInheritable, kParsed, parseMigrations},
    {"d1_databases", kNotInheritable, kParsed, parseD1Databases, true},
    {"r2_buckets", kNotInheritable, kParsed, parseR2Buckets, true},
    {"queues", kNotInheritable, kParsed, parseQueues, true},
    {"workflows", kNotInheritable, kParsed, parseWorkflows, true},
    {"analytics_engine_datasets", kNotInheritable, kParsed, parseAnalyticsEngineDatasets, true},
    {"browser", kNotInheritable, kParsed, parseBrowser, true},
    {"hyperdrive", kNotInheritable, kParsed, parseHyperdrive, true},
    {"assets", kInheritable, kParsed, parseAssets, true},
    {"services", kNotInheritable, kParsed, parseServices, true},
    {"triggers", kInheritable, kParsed, parseTriggers, true},

    // Bindings and features wrangler knows that edged does not read yet.
    {"send_email", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"vectorize", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"ai", kNotInheritable, kUnparsed, nullptr, true, 'o'},
    {"ai_search", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"ai_search_namespaces", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"images", kNotInheritable, kUnparsed, nullptr, true, 'o'},
    {"media", kNotInheritable, kUnparsed, nullptr, true, 'o'},
    {"stream", kNotInheritable, kUnparsed, nullptr, true, 'o'},
    {"version_metadata", kNotInheritable, kUnparsed, nullptr, true, 'o'},
    {"dispatch_namespaces", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"mtls_certificates", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"tail_consumers", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"streaming_tail_consumers", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"pipelines", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"secrets_store_secrets", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"ratelimits", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"worker_loaders", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"vpc_services", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"vpc_networks", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"artifacts", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"flagship", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"agent_memory", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"websearch", kNotInheritable, kUnparsed, nullptr, true, 'o'},
    {"connect", kNotInheritable, kUnparsed, nullptr, true},
    {"unsafe_hello_world", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"unsafe", kNotInheritable, kUnparsed, nullptr, true, 'o'},
    {"containers", kNotInheritable, kUnparsed, nullptr, true, 'a'},
    {"cloudchamber", kNotInheritable, kUnparsed, nullptr, true, 'o'},
    {"logfwdr", kInheritable, kUnparsed, nullptr, true, 'o'},
    {"site", kTopLevelOnly, kUnparsed, nullptr, true, 'o'},

    // Settings of Cloudflare's platform or of wrangler itself.
    {"account_id", kInheritable, kCloudflareOnly},
    {"compliance_region", kInheritable, kCloudflareOnly},
    {"first_party_worker", kInheritable, kCloudflareOnly},
    {"logpush", kInheritable, kCloudflareOnly},
    {"preserve_file_names", kInheritable, kCloudflareOnly},
    {"cache", kInheritable, kCloudflareOnly},
    {"previews", kInheritable, kCloudflareOnly},
    {"access", kInheritable, kCloudflareOnly},
    {"exports", kInheritable, kCloudflareOnly, nullptr, false, 0,
     "is not supported by edged yet; declare Durable Object classes with \"migrations\""},
    {"python_modules", kInheritable, kCloudflareOnly, nullptr, false, 0,
     "is ignored: edged does not run Python Workers"},
    {"usage_model", kInheritable, kCloudflareOnly, nullptr, false, 0,
     "is ignored: Cloudflare no longer uses usage models"},
    {"send_metrics", kTopLevelOnly, kCloudflareOnly, nullptr, false, 0,
     "is ignored: it controls wrangler's telemetry"},
    {"legacy_env", kTopLevelOnly, kCloudflareOnly, nullptr, false, 0,
     "is ignored: each environment is a Worker named \"<name>-<environment>\", as in wrangler 4"},
    {"dependencies_instrumentation", kTopLevelOnly, kCloudflareOnly},
    {"addresses", kTopLevelOnly, kCloudflareOnly},
    {"$schema", kTopLevelOnly, kSilent},

    // Fields wrangler 4 rejects, or that describe something edged does not run.
    {"node_compat", kInheritable, kRejected, nullptr, false, 0,
     "is no longer supported (wrangler 4 removed it): add the \"nodejs_compat\" compatibility "
     "flag instead"},
    {"wasm_modules", kTopLevelOnly, kRejected, nullptr, false, 0,
     "only works for Service Worker syntax, which edged does not run: import the .wasm file in "
     "your code instead"},
    {"text_blobs", kTopLevelOnly, kRejected, nullptr, false, 0,
     "only works for Service Worker syntax, which edged does not run: import the file in your "
     "code instead"},
    {"data_blobs", kTopLevelOnly, kRejected, nullptr, false, 0,
     "only works for Service Worker syntax, which edged does not run: import the file in your "
     "code instead"},
    {"pages_build_output_dir", kTopLevelOnly, kRejected, nullptr, false, 0,
     "marks a Cloudflare Pages project; edged runs Workers (see Cloudflare's guide to migrating "
     "from Pages to Workers)"},
};

std::vector<std::string_view> namesWhere(bool (*keep)(const FieldSpec&)) {
  std::vector<std::string_view> names;
  for (const FieldSpec& field : kFields) {
    if (keep(field)) names.push_back(field.name);
  }
  return names;
}

}  // namespace

std::span<const FieldSpec> wranglerFields() { return kFields; }

const FieldSpec* findField(std::string_view name) {
  for (const FieldSpec& field : kFields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::span<const std::string_view> topLevelFieldNames() {
  static const std::vector<std::string_view> names = [] {
    auto all = namesWhere([](const FieldSpec&) { return true; });
    all.push_back("env");
    return all;
  }();
  return names;
}

std::span<const std::string_view> environmentFieldNames() {
  static const std::vector<std::string_view> names =
      namesWhere([](const FieldSpec& f) { return f.scope != Scope::kTopLevelOnly; });
  return names;
}

}  // namespace edged::config::detail
