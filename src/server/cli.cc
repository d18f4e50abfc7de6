#include "edged/server/cli.h"

#include <set>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "edged/server/d1_command.h"
#include "edged/server/kv_command.h"
#include "edged/server/r2_command.h"
#include "edged/server/project.h"
#include "edged/server/serve.h"
#include "edged/server/server_options.h"
#include "edged/util/log.h"

#ifndef EDGED_VERSION
#define EDGED_VERSION "0.0.0"
#endif

namespace edged::server {
namespace {

constexpr const char* kUsage = R"(usage: edged <command> [options]

commands:
  serve [wrangler.jsonc...] serve the Worker projects (default: ./wrangler.jsonc); a request
                           goes to the Worker whose `routes` match it best, else the first
      --config <file>      the server's configuration (edged.jsonc: listener, TLS, data
                           directory, admin, Workers); flags given here win over it
      --host <addr>        address to listen on (default 127.0.0.1)
      --port <n>           port (default 8787; 0 picks a free one)
      --threads <n>        event-loop threads (default: one per core)
      --data-dir <dir>     where storage lives (default: <config dir>/.edged)
      --env <name>         apply the config's env.<name> section
      --log-format <f>     text or json (default text)
      --log-level <l>      debug, info, warn or error (default info)
      --max-body-mb <n>    largest request body accepted, in MiB (default 100)
      --do-idle-ms <n>     an idle Durable Object leaves memory after this (default 70000)
      --resolve <h>=<ip>   outbound fetch() to host h connects to ip (repeatable)
      --tls <cert>:<key>[:<names>]  serve HTTPS with this PEM certificate and key for the
                           comma-separated SNI names (repeatable; the first is the default);
                           SIGHUP reloads the files
      --admin <host:port>  serve the admin API there (off unless given)
      --admin-token-file <f>  bearer token the admin API requires (needed off loopback)
      --test-scheduled     GET /cdn-cgi/handler/scheduled?cron=<expr> (or /__scheduled) runs
                           the scheduled handler, as with wrangler dev --test-scheduled
      --browser <path>     the Chromium that Browser Rendering sessions launch
                           (default /usr/bin/chromium)
      --browser-sessions <n>  Browser Rendering sessions open at once (default 3)
  check [wrangler.jsonc]   validate the config and build the bundle, then exit
  --version                print the version
)";

struct Args {
  std::string command;
  std::vector<std::string> configs;
  std::optional<std::filesystem::path> server_config;  // --config
  std::set<std::string, std::less<>> given;           // the flags on the command line
  std::optional<std::string> error;
  ServeOptions serve;
  log::Format log_format = log::Format::kText;
  spdlog::level::level_enum log_level = spdlog::level::info;
};

std::optional<long> parseNumber(std::string_view text, long min, long max) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  std::string copy(text);
  long value = std::strtol(copy.c_str(), &end, 10);
  if (*end != '\0' || value < min || value > max) return std::nullopt;
  return value;
}

// --tls cert.pem:key.pem[:name,name]: a certificate, its key and the SNI names it answers.
std::optional<net::TlsCertificate> parseTlsOption(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t colon; (colon = text.find(':', start)) != std::string_view::npos; start = colon + 1) {
    parts.emplace_back(text.substr(start, colon - start));
  }
  parts.emplace_back(text.substr(start));
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty()) return std::nullopt;
  net::TlsCertificate certificate{{}, std::filesystem::absolute(parts[0]), std::filesystem::absolute(parts[1])};
  if (parts.size() == 3) {
    std::string_view names = parts[2];
    for (size_t from = 0; from <= names.size();) {
      size_t comma = std::min(names.find(',', from), names.size());
      if (comma == from) return std::nullopt;
      certificate.server_names.emplace_back(names.substr(from, comma - from));
      from = comma + 1;
    }
  }
  return certificate;
}

Args parse(int argc, char** argv) {
  Args args;
  if (argc < 2) {
    args.error = "missing command";
    return args;
  }
  args.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) {
        args.error = std::string(arg) + " needs a value";
        return std::nullopt;
      }
      return std::string(argv[++i]);
    };
    if (arg.starts_with("--")) args.given.emplace(arg);
    if (arg == "--config") {
      if (auto v = value()) args.server_config = std::filesystem::absolute(*v);
    } else if (arg == "--host") {
      if (auto v = value()) args.serve.host = *v;
    } else if (arg == "--port") {
      if (auto v = value()) {
        auto n = parseNumber(*v, 0, 65535);
        if (!n) args.error = "--port must be a number from 0 to 65535, got \"" + *v + "\"";
        else args.serve.port = static_cast<int>(*n);
      }
    } else if (arg == "--threads") {
      if (auto v = value()) {
        auto n = parseNumber(*v, 1, 1024);
        if (!n) args.error = "--threads must be a number from 1 to 1024, got \"" + *v + "\"";
        else args.serve.threads = static_cast<unsigned>(*n);
      }
    } else if (arg == "--max-body-mb") {
      if (auto v = value()) {
        auto n = parseNumber(*v, 1, 1 << 20);
        if (!n) args.error = "--max-body-mb must be a number from 1 to 1048576, got \"" + *v + "\"";
        else args.serve.http_limits.max_body_bytes = static_cast<uint64_t>(*n) << 20;
      }
    } else if (arg == "--resolve") {
      if (auto v = value()) {
        size_t eq = v->find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == v->size()) {
          args.error = "--resolve must be <host>=<address>, got \"" + *v + "\"";
        } else {
          args.serve.resolve[v->substr(0, eq)] = v->substr(eq + 1);
        }
      }
    } else if (arg == "--do-idle-ms") {
      if (auto v = value()) {
        auto n = parseNumber(*v, 10, 86'400'000);
        if (!n) args.error = "--do-idle-ms must be a number from 10 to 86400000, got \"" + *v + "\"";
        else args.serve.durable_object_idle_ms = static_cast<uint64_t>(*n);
      }
    } else if (arg == "--tls") {
      if (auto v = value()) {
        auto certificate = parseTlsOption(*v);
        if (!certificate) args.error = "--tls must be <cert.pem>:<key.pem>[:<name>,<name>...], got \"" + *v + "\"";
        else args.serve.tls.push_back(std::move(*certificate));
      }
    } else if (arg == "--browser") {
      if (auto v = value()) args.serve.browser_executable = *v;
    } else if (arg == "--browser-sessions") {
      if (auto v = value()) {
        auto n = parseNumber(*v, 1, 1000);
        if (!n) args.error = "--browser-sessions must be a number from 1 to 1000, got \"" + *v + "\"";
        else args.serve.browser_max_sessions = static_cast<uint32_t>(*n);
      }
    } else if (arg == "--test-scheduled") {
      args.serve.test_scheduled = true;
    } else if (arg == "--admin") {
      if (auto v = value()) args.serve.admin_address = *v;
    } else if (arg == "--admin-token-file") {
      if (auto v = value()) args.serve.admin_token_file = *v;
    } else if (arg == "--data-dir") {
      if (auto v = value()) args.serve.data_dir = *v;
    } else if (arg == "--env") {
      if (auto v = value()) args.serve.environment = *v;
    } else if (arg == "--log-format") {
      if (auto v = value()) {
        if (*v == "json") args.log_format = log::Format::kJson;
        else if (*v == "text") args.log_format = log::Format::kText;
        else args.error = "--log-format must be text or json, got \"" + *v + "\"";
      }
    } else if (arg == "--log-level") {
      if (auto v = value()) {
        auto level = spdlog::level::from_str(*v == "warn" ? "warning" : *v);
        if (level == spdlog::level::off && *v != "off") {
          args.error = "--log-level must be debug, info, warn or error, got \"" + *v + "\"";
        } else {
          args.log_level = level;
        }
      }
    } else if (!arg.starts_with("--") && (args.configs.empty() || args.command == "serve")) {
      args.configs.emplace_back(arg);
    } else {
      args.error = "unknown option " + std::string(arg);
    }
    if (args.error) break;
  }
  return args;
}

}  // namespace

int run(int argc, char** argv) {
  if (argc >= 2 && (std::string_view(argv[1]) == "--version" || std::string_view(argv[1]) == "version")) {
    std::printf("edged %s\n", EDGED_VERSION);
    return 0;
  }
  if (argc >= 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "help")) {
    std::fputs(kUsage, stdout);
    std::fputs(kKvUsage, stdout);
    std::fputs(kD1Usage, stdout);
    std::fputs(kR2Usage, stdout);
    return 0;
  }
  if (argc >= 2 && std::string_view(argv[1]) == "kv") return runKvCommand(argc, argv);
  if (argc >= 2 && std::string_view(argv[1]) == "d1") return runD1Command(argc, argv);
  if (argc >= 2 && std::string_view(argv[1]) == "r2") return runR2Command(argc, argv);
  Args args = parse(argc, argv);
  if (!args.error && args.command != "serve" && args.command != "check") {
    args.error = "unknown command \"" + args.command + "\"";
  }
  if (args.error) {
    std::fprintf(stderr, "edged: %s\n\n%s", args.error->c_str(), kUsage);
    return 2;
  }
  if (args.server_config && args.command == "serve") {
    auto server = config::loadServerConfig(*args.server_config);
    if (!server.ok()) {
      std::fprintf(stderr, "edged: %s\n", server.error().message.c_str());
      return 1;
    }
    if (server->log_format && !args.given.contains("--log-format")) {
      args.log_format = *server->log_format == "json" ? log::Format::kJson : log::Format::kText;
    }
    if (server->log_level && !args.given.contains("--log-level")) {
      args.log_level = spdlog::level::from_str(*server->log_level == "warn" ? "warning" : *server->log_level);
    }
    for (const std::string& file : args.configs) args.serve.configs.push_back(std::filesystem::absolute(file));
    args.serve.reread = [file = *args.server_config, given = args.given,
                         flags = args.serve]() -> Result<ServeOptions> {
      auto reread = config::loadServerConfig(file);
      if (!reread.ok()) return reread.error();
      ServeOptions options = flags;
      applyServerConfig(reread.value(), given, options);
      return options;
    };
    applyServerConfig(server.value(), args.given, args.serve);
    log::configure(args.log_format, args.log_level);
    return serve(args.serve);
  }
  log::configure(args.log_format, args.log_level);
  if (args.configs.empty()) args.configs.emplace_back("wrangler.jsonc");
  std::filesystem::path config = std::filesystem::absolute(args.configs.front());
  if (args.command == "check") {
    auto loaded = loadProjectConfig(config, args.serve.environment);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
      return 1;
    }
    for (const auto& warning : loaded->warnings) std::fprintf(stderr, "warning: %s\n", warning.c_str());
    auto version = buildVersion(loaded.value(), args.serve.data_dir.empty()
                                                    ? config.parent_path() / ".edged"
                                                    : args.serve.data_dir);
    if (!version.ok()) {
      std::fprintf(stderr, "%s\n", version.error().message.c_str());
      return 1;
    }
    Status started = checkWorkerStarts(*version.value());
    if (!started.ok()) {
      std::fprintf(stderr, "%s: the Worker failed to start: %s\n", config.string().c_str(),
                   started.error().message.c_str());
      return 1;
    }
    std::printf("%s: ok (%s, %zu modules)\n", config.string().c_str(),
                loaded->worker.name.c_str(), version.value()->bundle->modules.size());
    return 0;
  }
  for (const std::string& file : args.configs) args.serve.configs.push_back(std::filesystem::absolute(file));
  return serve(args.serve);
}

}  // namespace edged::server
