#pragma once
// `edged serve`: loads the Worker projects, starts N event-loop threads that each listen on the
// same port (SO_REUSEPORT) and serve requests with their own isolates, and drains in-flight
// requests on SIGTERM/SIGINT before exiting.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edged/net/http_types.h"
#include "edged/net/tls_server.h"
#include "edged/server/worker_limits.h"

namespace edged::server {

struct ServeOptions {
  // One wrangler.jsonc per Worker; requests no `routes` pattern claims go to the first.
  std::vector<std::filesystem::path> configs;
  std::optional<std::string> environment;
  std::string host = "127.0.0.1";
  int port = 8787;
  unsigned threads = 0;  // 0: one per core
  std::filesystem::path data_dir;  // default: <config dir>/.edged
  net::HttpLimits http_limits;
  // Limits for Workers whose wrangler.jsonc sets none (edged.jsonc `limits`).
  LimitDefaults limit_defaults;
  // Certificates for TLS on the listener (--tls; the first is the default): empty, plain HTTP.
  std::vector<net::TlsCertificate> tls;
  // An idle Durable Object (or one with only hibernatable WebSockets) leaves memory after this.
  uint64_t durable_object_idle_ms = 70'000;
  // Outbound host names answered without DNS (--resolve host=address).
  std::map<std::string, std::string> resolve;
  // /cdn-cgi/handler/scheduled and /__scheduled run the scheduled handler (--test-scheduled).
  bool test_scheduled = false;
  // Browser Rendering: the Chromium binary sessions launch (--browser) and how many sessions may
  // be open at once (--browser-sessions; bindings/browser/browser_service.h).
  std::string browser_executable = "/usr/bin/chromium";
  uint32_t browser_max_sessions = 3;
  // The admin listener (--admin host:port; off when absent) and its bearer token
  // (--admin-token-file), see admin_server.h.
  std::optional<std::string> admin_address;
  std::optional<std::filesystem::path> admin_token_file;
  // With --config: reads the server config again and applies the command line over it (what
  // SIGHUP runs); empty: SIGHUP reuses these options.
  std::function<Result<ServeOptions>()> reread;
};

// Runs until a signal asks it to stop; returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace edged::server
