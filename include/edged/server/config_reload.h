#pragma once
// SIGHUP: the server configuration (`--config`) and every configured Worker's wrangler.jsonc are
// read again and what changed is applied without dropping a connection: a Worker whose config,
// code, vars, secrets or assets changed is deployed as a new version (requests in flight finish
// on the old one), a Worker added to the server config starts, one removed stops, and the TLS
// certificates are loaded again. Settings bound to sockets and threads (address, port, threads,
// data directory, admin listener, TLS on or off) are only logged: they need a restart. Anything
// that fails to load leaves what serves untouched.

#include <functional>
#include <memory>
#include <set>
#include <string>

#include "edged/net/tls_server.h"
#include "edged/server/serve.h"
#include "edged/server/worker_registry.h"

namespace edged::server {

class ConfigReload {
 public:
  using SetTls = std::function<void(std::shared_ptr<const net::TlsServerContext>)>;

  // `running`: the options the server started with; `configured`: the Workers they named.
  ConfigReload(ServeOptions running, std::filesystem::path data_dir, std::set<std::string> configured,
               WorkerRegistry& registry, SetTls set_tls);

  // Reads everything again and applies it, logging each change (on the main thread).
  void run();

 private:
  void reloadTls(const ServeOptions& next);
  void reloadWorkers(const ServeOptions& next);
  void warnRestartOnly(const ServeOptions& next) const;

  ServeOptions running_;
  std::filesystem::path data_dir_;
  std::set<std::string> configured_;
  WorkerRegistry& registry_;
  SetTls set_tls_;
};

}  // namespace edged::server
