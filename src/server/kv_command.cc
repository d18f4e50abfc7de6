// `edged kv key …` acts on the same files a served Worker's KV bindings use, through the same
// store and the same limits (bindings/kv), so what one writes the other reads. Safe while
// `edged serve` runs: SQLite's locking lets both write the file.
#include "edged/server/kv_command.h"

#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/bindings/kv/kv_limits.h"
#include "edged/bindings/kv/kv_namespaces.h"
#include "edged/bindings/kv/kv_store.h"
#include "edged/server/command_options.h"
#include "edged/server/project.h"
#include "edged/util/clock.h"
#include "edged/util/json_escape.h"

namespace edged::server {

const char* const kKvUsage = R"(  kv key put <key> [value] write a value to a KV namespace of the project's local data
      --path <file>        the value is the file's bytes
      --ttl <seconds>      expire that long from now (at least 60)
      --expiration <t>     expire at t, seconds since the epoch
      --metadata <json>    metadata stored with the value (at most 1024 bytes)
  kv key get <key>         print a value (nothing printed but "Value not found" if absent)
  kv key list              print the keys as JSON ([{"name", "expiration"?, "metadata"?}])
      --prefix <p>         only keys starting with p
  kv key delete <key>      delete a key
    each takes --binding <name> or --namespace-id <id>, and --config <wrangler.jsonc>,
    --env <name>, --data-dir <dir> as serve does; --local is accepted (always local)
)";

namespace {

struct KvArgs {
  std::string action;
  std::vector<std::string> positional;
  std::optional<std::string> binding, namespace_id, config, environment, data_dir, path, ttl,
      expiration, metadata, prefix;
};

int usageError(const std::string& message) {
  std::fprintf(stderr, "edged kv: %s\n\nusage:\n%s", message.c_str(), kKvUsage);
  return 2;
}

int failure(const std::string& message) {
  std::fprintf(stderr, "edged kv: %s\n", message.c_str());
  return 1;
}

std::optional<std::string> parseArgs(int argc, char** argv, KvArgs& args) {
  if (argc < 4 || std::string_view(argv[2]) != "key") {
    return std::string("expected `edged kv key put|get|list|delete …`");
  }
  args.action = argv[3];
  static constexpr ValueOption<KvArgs> kOptions[] = {
      {"--binding", &KvArgs::binding},       {"--namespace-id", &KvArgs::namespace_id},
      {"--config", &KvArgs::config},         {"-c", &KvArgs::config},
      {"--env", &KvArgs::environment},       {"-e", &KvArgs::environment},
      {"--data-dir", &KvArgs::data_dir},     {"--path", &KvArgs::path},
      {"--ttl", &KvArgs::ttl},               {"--expiration", &KvArgs::expiration},
      {"--metadata", &KvArgs::metadata},     {"--prefix", &KvArgs::prefix},
  };
  static constexpr std::string_view kIgnored[] = {"--local", "--text"};
  return parseCommandOptions<KvArgs>(argc, argv, 4, args, kOptions, kIgnored, args.positional);
}

std::optional<double> parseSeconds(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0') return std::nan("");
  return value;
}

// Prints a refusal as a Worker would see it, without the "KV PUT failed: 4xx" prefix.
int argumentFailure(const bindings::kv::KvArgumentError& error) {
  std::string message = error.message;
  if (message.starts_with("KV ")) {
    size_t status = message.find("failed: ");
    if (status != std::string::npos && status + 12 <= message.size()) message = message.substr(status + 12);
  }
  return failure(message);
}

int putKey(bindings::kv::KvStore& store, const KvArgs& args) {
  using namespace bindings::kv;
  if (args.positional.empty()) return usageError("kv key put needs a key");
  const std::string& key = args.positional[0];
  if (auto error = checkKey("PUT", key)) return argumentFailure(*error);
  std::string value;
  if (args.path) {
    if (args.positional.size() > 1) return usageError("give a value or --path, not both");
    std::ifstream file(*args.path, std::ios::binary);
    if (!file) return failure("cannot read " + *args.path);
    value.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  } else if (args.positional.size() == 2) {
    value = args.positional[1];
  } else {
    return usageError("kv key put needs a key and a value (or --path)");
  }
  int64_t now = static_cast<int64_t>(clock::nowMs() / 1000);
  auto expiration = resolveExpiration(parseSeconds(args.expiration), parseSeconds(args.ttl), now);
  if (auto* error = std::get_if<KvArgumentError>(&expiration)) return argumentFailure(*error);
  std::optional<std::string_view> metadata;
  if (args.metadata) {
    simdjson::dom::parser parser;
    if (parser.parse(*args.metadata).error() != simdjson::SUCCESS) {
      return failure("--metadata is not valid JSON: " + *args.metadata);
    }
    if (auto error = checkMetadataSize(args.metadata->size())) return argumentFailure(*error);
    metadata = *args.metadata;
  }
  if (auto error = checkValueSize(value.size())) return argumentFailure(*error);
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(value.data()), value.size());
  Status written = store.put(key, bytes, std::get<std::optional<int64_t>>(expiration), metadata);
  if (!written.ok()) return failure(written.error().message);
  std::printf("Writing the value \"%s\" to key \"%s\".\n", args.path ? args.path->c_str() : value.c_str(),
              key.c_str());
  return 0;
}

int getKey(bindings::kv::KvStore& store, const KvArgs& args) {
  if (args.positional.size() != 1) return usageError("kv key get needs one key");
  if (auto error = bindings::kv::checkKey("GET", args.positional[0])) return argumentFailure(*error);
  auto entry = store.get(args.positional[0], static_cast<int64_t>(clock::nowMs() / 1000));
  if (!entry.ok()) return failure(entry.error().message);
  if (!entry.value()) {
    std::puts("Value not found");
    return 0;
  }
  std::fwrite(entry.value()->value.data(), 1, entry.value()->value.size(), stdout);
  return 0;
}

int listKeys(bindings::kv::KvStore& store, const KvArgs& args) {
  if (!args.positional.empty()) return usageError("kv key list takes no key");
  bindings::kv::KvListOptions options;
  options.prefix = args.prefix.value_or("");
  if (auto error = bindings::kv::checkListPrefix(options.prefix)) return argumentFailure(*error);
  int64_t now = static_cast<int64_t>(clock::nowMs() / 1000);
  std::string out = "[";
  for (;;) {
    auto page = store.list(options, now);
    if (!page.ok()) return failure(page.error().message);
    for (const auto& key : page->keys) {
      if (out.size() > 1) out += ",";
      out += "\n  {\"name\": " + jsonQuote(key.name);
      if (key.expiration) out += ", \"expiration\": " + std::to_string(*key.expiration);
      if (key.metadata) out += ", \"metadata\": " + *key.metadata;
      out += "}";
    }
    if (!page->cursor) break;
    options.cursor = *page->cursor;
  }
  out += out.size() > 1 ? "\n]\n" : "]\n";
  std::fputs(out.c_str(), stdout);
  return 0;
}

int deleteKey(bindings::kv::KvStore& store, const KvArgs& args) {
  if (args.positional.size() != 1) return usageError("kv key delete needs one key");
  if (auto error = bindings::kv::checkKey("DELETE", args.positional[0])) return argumentFailure(*error);
  Status removed = store.remove(args.positional[0]);
  if (!removed.ok()) return failure(removed.error().message);
  std::printf("Deleting the key \"%s\".\n", args.positional[0].c_str());
  return 0;
}

}  // namespace

int runKvCommand(int argc, char** argv) {
  KvArgs args;
  if (auto error = parseArgs(argc, argv, args)) return usageError(*error);
  using Action = int (*)(bindings::kv::KvStore&, const KvArgs&);
  Action action = args.action == "put"      ? &putKey
                  : args.action == "get"    ? &getKey
                  : args.action == "list"   ? &listKeys
                  : args.action == "delete" ? &deleteKey
                                            : nullptr;
  if (action == nullptr) return usageError("unknown action \"" + args.action + "\"");
  if (args.binding.has_value() == args.namespace_id.has_value()) {
    return usageError("give exactly one of --binding and --namespace-id");
  }
  std::filesystem::path config = std::filesystem::absolute(args.config.value_or("wrangler.jsonc"));
  auto loaded = loadProjectConfig(config, args.environment);
  if (!loaded.ok()) return failure(loaded.error().message);
  auto ns = bindings::kv::findNamespace(loaded->worker, args.binding.value_or(""),
                                        args.namespace_id.value_or(""));
  // An id the config does not list is still a namespace (as in wrangler): its own file.
  if (!ns && args.namespace_id) ns = config::KvNamespace{"", args.namespace_id, std::nullopt};
  if (!ns) return failure("no kv_namespaces binding \"" + *args.binding + "\" in " + config.string());
  std::filesystem::path data_dir =
      args.data_dir ? std::filesystem::path(*args.data_dir) : config.parent_path() / ".edged";
  auto store = bindings::kv::KvStore::open(
      bindings::kv::namespaceFile(data_dir, bindings::kv::namespaceName(*ns)));
  if (!store.ok()) return failure(store.error().message);
  return action(*store.value(), args);
}

}  // namespace edged::server
