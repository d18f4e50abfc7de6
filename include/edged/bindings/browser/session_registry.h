#pragma once
// The Browser Rendering sessions of one server, as the binding's /v1/sessions, /v1/history and
// /v1/limits report them: which are open (launching, idle, or with a client connected), when
// each idle one is due to close (its keep_alive), how they ended, and the bound on how many may
// be open at once. Plain data, no locking, no processes: BrowserService owns one under its
// mutex; unit-tested directly (tests/unit/bindings/browser/session_registry_test.cc).
//
// Times are milliseconds since the Unix epoch, passed in by the caller (tests move them).

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

namespace edged::bindings::browser {

// Cloudflare's keep_alive: 60 s by default, at most 10 minutes.
inline constexpr uint32_t kDefaultKeepAliveMs = 60'000;
inline constexpr uint32_t kMaxKeepAliveMs = 600'000;
// How many ended sessions /v1/history lists.
inline constexpr size_t kHistoryLength = 100;

// Why a session ended: the number and text of /v1/history's closeReason / closeReasonText.
enum class CloseReason {
  kClientClosed = 1,   // the client sent Browser.close
  kIdle = 2,           // no client connected for keep_alive
  kBrowserExited = 3,  // Chromium exited or crashed by itself
  kLaunchFailed = 4,   // Chromium did not start
  kServerStopped = 5,  // the server shut down
};
const char* closeReasonText(CloseReason reason);

// A refusal, with the HTTP status the binding answers it with.
struct SessionError {
  int status;
  std::string message;
};

class SessionRegistry {
 public:
  explicit SessionRegistry(uint32_t max_sessions);

  // A new session in the launching state (it counts against the bound), or 429 when
  // max_sessions are open. `keep_alive_ms` is clamped to Cloudflare's range.
  struct Reserved {
    std::string id;
    uint32_t keep_alive_ms;
  };
  std::variant<Reserved, SessionError> reserve(int64_t now_ms, uint32_t keep_alive_ms);
  // Chromium is up: the session is idle until a client connects.
  void markReady(const std::string& id, int64_t now_ms);

  // A client connects: its connection id, or 404 (no such open session), 409 (launching, or
  // another client is connected: Cloudflare allows one connection per session).
  std::variant<std::string, SessionError> connect(const std::string& id, int64_t now_ms);
  // The connection `connection_id` ended: the session idles from now (if it is still open and
  // that connection was the current one).
  void disconnect(const std::string& id, const std::string& connection_id, int64_t now_ms);
  // Ends an open session (no-op when it already ended) and records it in the history.
  void close(const std::string& id, int64_t now_ms, CloseReason reason);

  // Idle sessions whose keep_alive elapsed by `now_ms`.
  std::vector<std::string> idleExpired(int64_t now_ms) const;
  // When the next idle session is due to close, if any is idle.
  std::optional<int64_t> nextIdleDeadline() const;
  bool isOpen(const std::string& id) const { return open_.contains(id); }
  std::vector<std::string> openIds() const;

  // The JSON bodies of the binding's read-only paths.
  std::string sessionsJson() const;
  std::string historyJson() const;
  std::string limitsJson() const;

 private:
  struct Session {
    std::string id;
    int64_t start_ms = 0;
    uint32_t keep_alive_ms = kDefaultKeepAliveMs;
    bool ready = false;
    std::optional<std::string> connection_id;
    std::optional<int64_t> connection_start_ms;
    int64_t idle_since_ms = 0;
  };
  struct Ended {
    Session session;
    int64_t end_ms = 0;
    CloseReason reason = CloseReason::kIdle;
  };
  std::string newId();
  static std::string sessionJson(const Session& session);

  uint32_t max_sessions_;
  std::map<std::string, Session> open_;
  std::deque<Ended> history_;  // newest first
  std::mt19937_64 random_;
};

}  // namespace edged::bindings::browser
