#include "edged/server/admin_server.h"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <strings.h>

#include <ctime>
#include <fstream>
#include <future>
#include <sstream>

#include "edged/net/http_server.h"
#include "edged/net/loop_thread.h"
#include "edged/net/websocket_handshake.h"
#include "edged/util/json_escape.h"
#include "edged/util/log.h"

namespace edged::server {
namespace {

std::vector<std::string> splitPath(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) segments.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

std::optional<std::string> header(const std::vector<net::HttpHeader>& headers, std::string_view name) {
  for (const net::HttpHeader& h : headers) {
    if (h.name.size() == name.size() && strncasecmp(h.name.data(), name.data(), name.size()) == 0) {
      return h.value;
    }
  }
  return std::nullopt;
}

// Compares digests, so neither the time taken nor an early exit says how much of a guess
// matched, whatever its length.
bool tokenMatches(std::string_view given, const std::string& expected) {
  unsigned char a[SHA256_DIGEST_LENGTH];
  unsigned char b[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(given.data()), given.size(), a);
  SHA256(reinterpret_cast<const unsigned char*>(expected.data()), expected.size(), b);
  return CRYPTO_memcmp(a, b, sizeof a) == 0;
}

void send(const std::shared_ptr<net::HttpExchange>& exchange, const AdminResponse& response) {
  exchange->respond(response.status, "", {{"Content-Type", response.content_type}}, response.body);
}

}  // namespace

AdminResponse apiError(int status, int code, const std::string& message) {
  return {status, "application/json",
          "{\"success\":false,\"errors\":[{\"code\":" + std::to_string(code) +
              ",\"message\":" + jsonQuote(message) + "}],\"messages\":[],\"result\":null}"};
}

AdminResponse apiResult(const std::string& result_json) {
  return {200, "application/json",
          "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + result_json + "}"};
}

std::string apiTime(int64_t unix_ms) {
  time_t seconds = static_cast<time_t>(unix_ms / 1000);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  return std::string(buffer) + "." + std::to_string(1000 + unix_ms % 1000).substr(1) + "Z";
}

std::optional<std::string> percentDecode(std::string_view text, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = hex(text[i + 1]);
      int low = hex(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += plus_is_space && text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

std::optional<std::string> queryParam(const AdminRequest& request, std::string_view name) {
  std::string_view rest = request.query;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) != name) continue;
    if (eq == std::string_view::npos) return std::string();
    return percentDecode(pair.substr(eq + 1), /*plus_is_space=*/true);
  }
  return std::nullopt;
}

std::string headerValue(const AdminRequest& request, std::string_view name) {
  return header(request.headers, name).value_or("");
}

Result<std::string> readAdminToken(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return makeError("--admin-token-file: cannot read " + file.string());
  std::stringstream contents;
  contents << in.rdbuf();
  std::string token = contents.str();
  size_t first = token.find_first_not_of(" \t\r\n");
  size_t last = token.find_last_not_of(" \t\r\n");
  if (first == std::string::npos) return makeError("--admin-token-file: " + file.string() + " is empty");
  return token.substr(first, last - first + 1);
}

bool isLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr v4{};
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

Result<AdminOptions> parseAdminAddress(const std::string& address) {
  AdminOptions options;
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
    return makeError("--admin must be <host>:<port>, got \"" + address + "\"");
  }
  options.host = address.substr(0, colon);
  if (options.host.size() > 2 && options.host.front() == '[' && options.host.back() == ']') {
    options.host = options.host.substr(1, options.host.size() - 2);
  }
  std::string port = address.substr(colon + 1);
  char* end = nullptr;
  long value = std::strtol(port.c_str(), &end, 10);
  if (*end != '\0' || value < 0 || value > 65535) {
    return makeError("--admin port must be a number from 0 to 65535, got \"" + port + "\"");
  }
  options.port = static_cast<int>(value);
  return options;
}

AdminServer::AdminServer() : loop_(std::make_unique<net::LoopThread>()) {}

AdminServer::~AdminServer() { stop(); }

uv_loop_t* AdminServer::loop() { return loop_->loop(); }

void AdminServer::addRoute(std::string method, std::string pattern, AdminHandler handler) {
  routes_.push_back({std::move(method), splitPath(pattern), std::move(handler)});
}

Result<int> AdminServer::start(const AdminOptions& options) {
  if (!options.token && !isLoopbackHost(options.host)) {
    return makeError("the admin API listens on " + options.host +
                     ", which is not a loopback address, only with --admin-token-file");
  }
  options_ = options;
  loop_->start();
  started_ = true;
  std::promise<Result<int>> bound;
  loop_->post([&] {
    http_ = std::make_unique<net::HttpServer>();
    bound.set_value(http_->listen(loop_->loop(), options_.host, static_cast<uint16_t>(options_.port),
                                  net::HttpLimits{},
                                  [this](std::shared_ptr<net::HttpExchange> exchange) {
                                    if (net::asksForWebSocket(exchange->head()) && upgrade(exchange)) return;
                                    auto body = std::make_shared<std::string>();
                                    exchange->readBody(
                                        [body](std::string_view chunk) { body->append(chunk); },
                                        [this, exchange, body](Status status) {
                                          if (!status.ok()) return;  // the connection answers
                                          const net::HttpRequestHead& head = exchange->head();
                                          AdminRequest request;
                                          request.method = head.method;
                                          size_t mark = head.target.find('?');
                                          request.path = head.target.substr(0, mark);
                                          if (mark != std::string::npos)
                                            request.query = head.target.substr(mark + 1);
                                          request.headers = head.headers;
                                          request.remote_address = head.remote_address;
                                          request.body = std::move(*body);
                                          handle(std::move(request), [exchange](AdminResponse r) {
                                            send(exchange, r);
                                          });
                                        });
                                  }));
  });
  Result<int> port = bound.get_future().get();
  if (!port.ok()) stop();
  else port_ = port.value();
  return port;
}

void AdminServer::addUpgradeRoute(std::string pattern, AdminUpgradeHandler handler) {
  upgrade_routes_.emplace_back(splitPath(pattern), std::move(handler));
}

bool AdminServer::upgrade(const std::shared_ptr<net::HttpExchange>& exchange) {
  const std::string& target = exchange->head().target;
  std::vector<std::string> segments =
      splitPath(std::string_view(target).substr(0, target.find('?')));
  for (const auto& [pattern, handler] : upgrade_routes_) {
    if (pattern.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (size_t i = 0; match && i < segments.size(); ++i) {
      if (!pattern[i].empty() && pattern[i][0] == ':') {
        params[pattern[i].substr(1)] = segments[i];
      } else {
        match = pattern[i] == segments[i];
      }
    }
    if (!match) continue;
    handler(std::move(params), exchange);
    return true;
  }
  return false;
}

void AdminServer::handle(AdminRequest request, AdminRespond respond) {
  // Every call is logged with its outcome, refused ones included.
  respond = [respond = std::move(respond), call = request.method + " " + request.path](AdminResponse response) {
    log::info("admin: " + call + " -> " + std::to_string(response.status));
    respond(std::move(response));
  };
  if (options_.token) {
    std::optional<std::string> authorization = header(request.headers, "Authorization");
    std::string_view given;
    if (authorization && authorization->size() > 7 &&
        strncasecmp(authorization->c_str(), "Bearer ", 7) == 0) {
      given = std::string_view(*authorization).substr(7);
    }
    if (given.empty() || !tokenMatches(given, *options_.token)) {
      return respond(apiError(401, 10000, "Authentication error"));
    }
  }
  std::vector<std::string> segments = splitPath(request.path);
  bool path_matched = false;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (size_t i = 0; match && i < segments.size(); ++i) {
      if (!route.segments[i].empty() && route.segments[i][0] == ':') {
        params[route.segments[i].substr(1)] = segments[i];
      } else {
        match = route.segments[i] == segments[i];
      }
    }
    if (!match) continue;
    path_matched = true;
    if (route.method != request.method) continue;
    request.params = std::move(params);
    return route.handler(std::move(request), std::move(respond));
  }
  if (path_matched) return respond(apiError(405, 10405, "Method not allowed"));
  respond(apiError(404, 7003, "Could not route to " + request.path +
                                  ", perhaps your object identifier is invalid?"));
}

void AdminServer::stop() {
  if (!started_) return;
  started_ = false;
  std::promise<void> closed;
  bool posted = loop_->post([&] {
    for (const auto& hook : stop_hooks_) hook();
    if (!http_) return closed.set_value();
    http_->close([&] { closed.set_value(); });
  });
  if (posted) closed.get_future().wait();
  loop_->stop();
  http_.reset();
}

Result<std::unique_ptr<AdminServer>> startAdminServer(const AdminOptions& options,
                                                      const std::filesystem::path& data_dir,
                                                      WorkerRegistry& registry, TailHub* tails) {
  auto admin = std::make_unique<AdminServer>();
  addAnalyticsEngineRoutes(*admin, data_dir);
  addWorkerRoutes(*admin, registry, data_dir);
  addKvRoutes(*admin, data_dir);
  addMetricsRoutes(*admin, data_dir);
  if (tails != nullptr) addTailRoutes(*admin, *tails, registry);
  Result<int> port = admin->start(options);
  if (!port.ok()) return port.error();
  return admin;
}

}  // namespace edged::server
