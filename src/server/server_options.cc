#include "edged/server/server_options.h"

namespace edged::server {

void applyServerConfig(const config::ServerConfig& config, const std::set<std::string, std::less<>>& given,
                       ServeOptions& options) {
  auto unless = [&](std::string_view flag, auto&& apply) {
    if (!given.contains(flag)) apply();
  };
  unless("--host", [&] { options.host = config.address; });
  unless("--port", [&] { options.port = config.port; });
  unless("--threads", [&] { options.threads = config.threads; });
  unless("--data-dir", [&] { options.data_dir = config.data_dir; });
  unless("--max-body-mb", [&] {
    if (config.max_body_mb) options.http_limits.max_body_bytes = *config.max_body_mb << 20;
  });
  if (config.cpu_ms) options.limit_defaults.cpu_ms = *config.cpu_ms;
  if (config.memory_mb) options.limit_defaults.memory_mb = *config.memory_mb;
  if (config.subrequests) options.limit_defaults.subrequests = *config.subrequests;
  unless("--tls", [&] {
    for (const config::ServerTlsCertificate& tls : config.tls) {
      options.tls.push_back({tls.server_names, tls.certificate, tls.key});
    }
  });
  unless("--admin", [&] { options.admin_address = config.admin_address; });
  unless("--admin-token-file", [&] { options.admin_token_file = config.admin_token_file; });
  std::vector<std::filesystem::path> workers = config.workers;
  workers.insert(workers.end(), options.configs.begin(), options.configs.end());
  options.configs = std::move(workers);
}

}  // namespace edged::server
