#pragma once
// The admin listener (DESIGN.md "Admin API"): a separate HTTP server on its own loop thread,
// off unless `edged serve --admin <host:port>` asks for it. Requests are matched against a
// small route table (method + path pattern with :named segments) and answered in Cloudflare's
// API shapes, so Cloudflare's clients (curl examples, wrangler) can talk to it. A bearer token
// read from a file guards every route (compared in constant time); without one the listener
// only accepts a loopback address.

#include <uv.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edged/net/http_types.h"
#include "edged/util/result.h"

namespace edged::net {
class HttpServer;
class LoopThread;
}  // namespace edged::net

namespace edged::server {

class WorkerRegistry;

struct AdminOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  std::optional<std::string> token;  // null: no authentication (loopback only)
};

struct AdminRequest {
  std::string method;
  std::string path;                           // without the query string
  std::map<std::string, std::string> params;  // the pattern's :named segments
  std::vector<net::HttpHeader> headers;
  std::string body;
};

struct AdminResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// A handler runs on the admin loop thread and calls `respond` once, on that thread (work it
// sends to the libuv thread pool comes back there).
using AdminRespond = std::function<void(AdminResponse)>;
using AdminHandler = std::function<void(AdminRequest, AdminRespond)>;

class AdminServer {
 public:
  AdminServer();
  ~AdminServer();  // stop()
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Before start(). `pattern` is a path whose segments starting with ':' match any one segment.
  void addRoute(std::string method, std::string pattern, AdminHandler handler);
  // Listens on host:port; returns the bound port. Refuses a non-loopback host without a token.
  Result<int> start(const AdminOptions& options);
  // Stops accepting, lets requests in progress finish, and joins the thread. Idempotent.
  void stop();

  uv_loop_t* loop();
  int port() const { return port_; }

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    AdminHandler handler;
  };
  void handle(AdminRequest request, AdminRespond respond);

  AdminOptions options_;
  std::vector<Route> routes_;
  std::unique_ptr<net::LoopThread> loop_;
  std::unique_ptr<net::HttpServer> http_;
  bool started_ = false;
  int port_ = 0;
};

// Cloudflare's v4 envelope for a failure: {"success":false,"errors":[{"code","message"}],
// "messages":[],"result":null}.
AdminResponse apiError(int status, int code, const std::string& message);

// The token in `file`, surrounding whitespace removed; an error when unreadable or empty.
Result<std::string> readAdminToken(const std::filesystem::path& file);

// 127.0.0.0/8, ::1 and "localhost".
bool isLoopbackHost(const std::string& host);

// "host:port" or "[v6]:port" → options (port 0..65535).
Result<AdminOptions> parseAdminAddress(const std::string& address);

// The routes, one function per area.
// POST /client/v4/accounts/:account_id/analytics_engine/sql (admin_analytics_engine.cc).
void addAnalyticsEngineRoutes(AdminServer& admin, const std::filesystem::path& data_dir);

// PUT/GET/DELETE …/workers/scripts[/:script_name], its settings, versions, deployments
// (rollback) and secrets (admin_workers.cc), deploying into `registry`.
void addWorkerRoutes(AdminServer& admin, WorkerRegistry& registry, const std::filesystem::path& data_dir);

// GET /metrics: the process metrics in Prometheus' text format (admin_metrics.cc).
void addMetricsRoutes(AdminServer& admin);

// The admin server of `edged serve` with every route edged has, started.
Result<std::unique_ptr<AdminServer>> startAdminServer(const AdminOptions& options,
                                                      const std::filesystem::path& data_dir,
                                                      WorkerRegistry& registry);

}  // namespace edged::server
