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
class HttpExchange;
class HttpServer;
class LoopThread;
}  // namespace edged::net

namespace edged::server {

class TailHub;
class WorkerRegistry;

struct AdminOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  std::optional<std::string> token;  // null: no authentication (loopback only)
};

struct AdminRequest {
  std::string method;
  std::string path;                           // without the query string
  std::string query;                          // after '?', still percent-encoded ("" when none)
  std::map<std::string, std::string> params;  // the pattern's :named segments
  std::vector<net::HttpHeader> headers;
  std::string body;
  std::string remote_address;  // the client's IP
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
// A WebSocket route (GET with Upgrade: websocket): gets the exchange to upgrade or answer, on
// the admin loop thread, with the pattern's :named segments.
using AdminUpgradeHandler =
    std::function<void(std::map<std::string, std::string> params, std::shared_ptr<net::HttpExchange>)>;

class AdminServer {
 public:
  AdminServer();
  ~AdminServer();  // stop()
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Before start(). `pattern` is a path whose segments starting with ':' match any one segment.
  void addRoute(std::string method, std::string pattern, AdminHandler handler);
  // Before start(). A WebSocket route that authorizes by itself (a capability in the path, as
  // Cloudflare's tail URLs): no bearer token is asked for, since clients such as wrangler
  // connect without one.
  void addUpgradeRoute(std::string pattern, AdminUpgradeHandler handler);
  // Before start(). Runs on the loop thread when stop() begins, before the listener closes:
  // where owners of upgraded connections close them (a drain waits for those).
  void onStop(std::function<void()> hook) { stop_hooks_.push_back(std::move(hook)); }
  // The admin loop, for posting to it from other threads.
  net::LoopThread& loopThread() { return *loop_; }
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
  // Runs the WebSocket route the request's path matches; false when none does.
  bool upgrade(const std::shared_ptr<net::HttpExchange>& exchange);

  AdminOptions options_;
  std::vector<Route> routes_;
  std::vector<std::pair<std::vector<std::string>, AdminUpgradeHandler>> upgrade_routes_;
  std::vector<std::function<void()>> stop_hooks_;
  std::unique_ptr<net::LoopThread> loop_;
  std::unique_ptr<net::HttpServer> http_;
  bool started_ = false;
  int port_ = 0;
};

// Cloudflare's v4 envelope for a failure: {"success":false,"errors":[{"code","message"}],
// "messages":[],"result":null}.
AdminResponse apiError(int status, int code, const std::string& message);

// Cloudflare's v4 envelope for a success: {"success":true,"errors":[],"messages":[],"result":…}
// with `result_json` (already JSON) as the result.
AdminResponse apiResult(const std::string& result_json);

// Unix milliseconds as Cloudflare's API writes times: "2025-09-01T12:00:00.000Z".
std::string apiTime(int64_t unix_ms);

// The value of `name` in the request's query string, percent-decoded ('+' is a space);
// null when absent.
std::optional<std::string> queryParam(const AdminRequest& request, std::string_view name);

// A request header's value ("" when absent; names compare case-insensitively).
std::string headerValue(const AdminRequest& request, std::string_view name);

// RFC 3986 percent-decoding of one path segment or query value; null when a '%' is not
// followed by two hex digits.
std::optional<std::string> percentDecode(std::string_view text, bool plus_is_space = false);

// The token in `file`, surrounding whitespace removed; an error when unreadable or empty.
Result<std::string> readAdminToken(const std::filesystem::path& file);

// 127.0.0.0/8, ::1 and "localhost".
bool isLoopbackHost(const std::string& host);

// "host:port" or "[v6]:port" → options (port 0..65535).
Result<AdminOptions> parseAdminAddress(const std::string& address);

// The routes, one function per area.
// POST /client/v4/accounts/:account_id/analytics_engine/sql (admin_analytics_engine.cc).
void addAnalyticsEngineRoutes(AdminServer& admin, const std::filesystem::path& data_dir);

// PUT/GET/DELETE …/workers/scripts[/:script_name], its settings and secrets (admin_workers.cc),
// versions and deployments (admin_versions.cc), cron schedules (admin_schedules.cc) and what
// wrangler asks around a deploy (admin_account.cc), deploying into `registry`.
void addWorkerRoutes(AdminServer& admin, WorkerRegistry& registry, const std::filesystem::path& data_dir);

// GET/PUT/DELETE /client/v4/accounts/:account_id/storage/kv/namespaces/:id/values/:key, its
// metadata, keys and the namespaces list, on the files of the KV bindings (admin_kv.cc).
void addKvRoutes(AdminServer& admin, const std::filesystem::path& data_dir);

// GET /metrics: the process metrics and queue depths in Prometheus' text format
// (admin_metrics.cc).
void addMetricsRoutes(AdminServer& admin, const std::filesystem::path& data_dir);

// POST/GET …/workers/scripts/:script_name/tails, DELETE …/tails/:id, and the WebSocket of
// each tail at /tails/:id (admin_tail.cc): the live log stream of `wrangler tail`.
void addTailRoutes(AdminServer& admin, TailHub& tails, const WorkerRegistry& registry);

// The admin server of `edged serve` with every route edged has, started (the tail routes when
// `tails` is given).
Result<std::unique_ptr<AdminServer>> startAdminServer(const AdminOptions& options,
                                                      const std::filesystem::path& data_dir,
                                                      WorkerRegistry& registry,
                                                      TailHub* tails = nullptr);

}  // namespace edged::server
