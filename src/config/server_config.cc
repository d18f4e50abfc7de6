#include "edged/config/server_config.h"

#include "json_node.h"
#include "parse_jsonc.h"
#include "read_file.h"

namespace edged::config {
namespace {

using detail::ConfigError;
using detail::Diagnostics;
using detail::Node;
using detail::ObjectNode;

std::filesystem::path resolve(const std::filesystem::path& dir, const std::string& path) {
  return (dir / path).lexically_normal();
}

ServerConfig parse(const Node& root, const std::filesystem::path& file) {
  if (!root.isObject()) root.diag().fail("the configuration must be a JSON object ({ ... }), got " + root.json());
  ObjectNode top(root, {"listen", "data_dir", "threads", "workers", "admin", "limits", "log"});
  ServerConfig config;
  config.config_path = file;
  std::filesystem::path dir = file.parent_path();
  if (auto listen = top.get("listen")) {
    ObjectNode fields(*listen, {"address", "port", "tls"});
    if (auto address = fields.optionalString("address")) config.address = *address;
    if (auto port = fields.get("port")) {
      auto n = port->tryInteger();
      if (!n || *n < 0 || *n > 65535) port->fail("a port number from 0 to 65535");
      config.port = static_cast<int>(*n);
    }
    if (auto tls = fields.get("tls")) {
      if (!tls->isArray()) tls->fail("an array of {\"certificate\", \"key\", \"server_names\"}");
      for (const Node& item : tls->array()) {
        ObjectNode entry(item, {"certificate", "key", "server_names"});
        config.tls.push_back({resolve(dir, entry.requiredString("certificate")),
                              resolve(dir, entry.requiredString("key")), entry.stringArray("server_names")});
      }
    }
  }
  if (auto data_dir = top.optionalString("data_dir")) config.data_dir = resolve(dir, *data_dir);
  if (auto threads = top.get("threads")) {
    auto n = threads->tryInteger();
    if (!n || *n < 0 || *n > 1024) threads->fail("a number of threads from 0 (one per core) to 1024");
    config.threads = static_cast<unsigned>(*n);
  }
  auto workers = top.get("workers");
  if (!workers || !workers->isArray() || workers->array().empty()) {
    (workers ? *workers : root).diag().fail(
        "field \"workers\" must list the wrangler.jsonc files to serve, such as [\"workers/site/wrangler.jsonc\"]");
  }
  for (const std::string& worker : top.stringArray("workers")) config.workers.push_back(resolve(dir, worker));
  if (auto admin = top.get("admin")) {
    ObjectNode fields(*admin, {"address", "token_file"});
    config.admin_address = fields.requiredString("address");
    if (auto token = fields.optionalString("token_file")) config.admin_token_file = resolve(dir, *token);
  }
  if (auto limits = top.get("limits")) {
    ObjectNode fields(*limits, {"max_body_mb", "cpu_ms", "memory_mb", "subrequests"});
    // Each an integer in [min, max]; `what` says what is expected.
    auto bounded = [&](const char* name, int64_t min, int64_t max,
                       const char* what) -> std::optional<int64_t> {
      auto field = fields.get(name);
      if (!field) return std::nullopt;
      auto n = field->tryInteger();
      if (!n || *n < min || *n > max) field->fail(what);
      return *n;
    };
    if (auto n = bounded("max_body_mb", 1, 1 << 20, "a number of MiB from 1 to 1048576")) {
      config.max_body_mb = static_cast<uint64_t>(*n);
    }
    config.cpu_ms = bounded("cpu_ms", 1, 300'000, "a number of milliseconds from 1 to 300000");
    if (auto n = bounded("memory_mb", 16, 16'384, "a number of MiB from 16 to 16384")) {
      config.memory_mb = static_cast<uint64_t>(*n);
    }
    config.subrequests =
        bounded("subrequests", 1, 10'000'000, "a number of subrequests from 1 to 10000000");
  }
  if (auto log = top.get("log")) {
    ObjectNode fields(*log, {"format", "level"});
    if (auto format = fields.get("format")) {
      std::string value = format->string();
      if (value != "text" && value != "json") format->fail("\"text\" or \"json\"");
      config.log_format = value;
    }
    if (auto level = fields.get("level")) {
      std::string value = level->string();
      if (value != "debug" && value != "info" && value != "warn" && value != "error") {
        level->fail("\"debug\", \"info\", \"warn\" or \"error\"");
      }
      config.log_level = value;
    }
  }
  return config;
}

}  // namespace

Result<ServerConfig> loadServerConfigFromText(std::string_view text, const std::filesystem::path& file) {
  std::filesystem::path absolute = std::filesystem::absolute(file).lexically_normal();
  simdjson::dom::parser parser;
  Result<simdjson::dom::element> json = detail::parseJsonc(text, file.string(), parser);
  if (!json) return json.error();
  Diagnostics diag(file.string());
  try {
    return parse(Node(*json, "", diag), absolute);
  } catch (const ConfigError& error) {
    return Error{error.message};
  }
}

Result<ServerConfig> loadServerConfig(const std::filesystem::path& file) {
  Result<std::string> text = detail::readTextFile(file);
  if (!text) return text.error();
  return loadServerConfigFromText(*text, file);
}

}  // namespace edged::config
