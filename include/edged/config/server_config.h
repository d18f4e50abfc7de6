#pragma once
// The server's own configuration (`edged serve --config /etc/edged/edged.jsonc`): where it
// listens (with TLS certificates per SNI name), its data directory, threads, admin listener,
// default limits, logging, and the Worker projects it serves. JSONC like wrangler.jsonc; every
// error names the file, the field and what was expected. Relative paths are resolved against the
// file's directory.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "edged/util/result.h"

namespace edged::config {

struct ServerTlsCertificate {
  std::filesystem::path certificate;  // PEM chain
  std::filesystem::path key;          // PEM private key
  std::vector<std::string> server_names;
};

struct ServerConfig {
  std::filesystem::path config_path;
  std::string address = "127.0.0.1";
  int port = 8787;
  std::vector<ServerTlsCertificate> tls;  // empty: plain HTTP
  std::filesystem::path data_dir = "/var/lib/edged";
  unsigned threads = 0;  // 0: one per core
  std::vector<std::filesystem::path> workers;  // wrangler.jsonc files; the first takes unrouted requests
  std::optional<std::string> admin_address;    // "host:port"
  std::optional<std::filesystem::path> admin_token_file;
  // `limits`: the largest request body, and the defaults of Workers that set no limit themselves.
  std::optional<uint64_t> max_body_mb;
  std::optional<int64_t> cpu_ms;       // 1..300000, as wrangler's limits.cpu_ms
  std::optional<uint64_t> memory_mb;   // isolate heap, 16..16384
  std::optional<int64_t> subrequests;  // 1..10000000, as wrangler's limits.subrequests
  std::optional<std::string> log_format;  // "text" | "json"
  std::optional<std::string> log_level;   // "debug" | "info" | "warn" | "error"
};

Result<ServerConfig> loadServerConfig(const std::filesystem::path& file);
Result<ServerConfig> loadServerConfigFromText(std::string_view text, const std::filesystem::path& file);

}  // namespace edged::config
