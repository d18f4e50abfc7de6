#include "edged/bindings/browser/session_registry.h"

#include <fmt/format.h>

#include <algorithm>

#include "edged/util/json_escape.h"

namespace edged::bindings::browser {

const char* closeReasonText(CloseReason reason) {
  switch (reason) {
    case CloseReason::kClientClosed: return "NormalClosure";
    case CloseReason::kIdle: return "BrowserIdle";
    case CloseReason::kBrowserExited: return "BrowserExited";
    case CloseReason::kLaunchFailed: return "LaunchFailed";
    case CloseReason::kServerStopped: return "ServerStopped";
  }
  return "Unknown";
}

SessionRegistry::SessionRegistry(uint32_t max_sessions)
    : max_sessions_(max_sessions), random_(std::random_device{}()) {}

// A version-4 UUID, the shape of Cloudflare's session ids.
std::string SessionRegistry::newId() {
  uint64_t hi = random_(), lo = random_();
  hi = (hi & ~0xf000ull) | 0x4000ull;
  lo = (lo & ~(0xcull << 60)) | (0x8ull << 60);
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff,
                     hi & 0xffff, lo >> 48, lo & 0xffffffffffffull);
}

std::variant<SessionRegistry::Reserved, SessionError> SessionRegistry::reserve(int64_t now_ms,
                                                                              uint32_t keep_alive_ms) {
  if (open_.size() >= max_sessions_) {
    return SessionError{429, fmt::format("Browser time limit exceeded for today: no browser "
                                         "available, {} of {} concurrent sessions are open. Close "
                                         "one (browser.close()) or retry later.",
                                         open_.size(), max_sessions_)};
  }
  Session session;
  session.id = newId();
  session.start_ms = now_ms;
  session.keep_alive_ms = keep_alive_ms == 0 ? kDefaultKeepAliveMs : std::min(keep_alive_ms, kMaxKeepAliveMs);
  session.idle_since_ms = now_ms;
  Reserved reserved{session.id, session.keep_alive_ms};
  open_.emplace(session.id, std::move(session));
  return reserved;
}

void SessionRegistry::markReady(const std::string& id, int64_t now_ms) {
  auto it = open_.find(id);
  if (it == open_.end()) return;
  it->second.ready = true;
  it->second.idle_since_ms = now_ms;
}

std::variant<std::string, SessionError> SessionRegistry::connect(const std::string& id, int64_t now_ms) {
  auto it = open_.find(id);
  if (it == open_.end()) {
    return SessionError{404, "Browser session \"" + id + "\" does not exist or has already closed."};
  }
  Session& session = it->second;
  if (!session.ready) return SessionError{409, "Browser session \"" + id + "\" is still starting."};
  if (session.connection_id) {
    return SessionError{409, "Browser session \"" + id + "\" already has a connected client."};
  }
  session.connection_id = newId();
  session.connection_start_ms = now_ms;
  return *session.connection_id;
}

void SessionRegistry::disconnect(const std::string& id, const std::string& connection_id, int64_t now_ms) {
  auto it = open_.find(id);
  if (it == open_.end() || it->second.connection_id != connection_id) return;
  it->second.connection_id.reset();
  it->second.connection_start_ms.reset();
  it->second.idle_since_ms = now_ms;
}

void SessionRegistry::close(const std::string& id, int64_t now_ms, CloseReason reason) {
  auto it = open_.find(id);
  if (it == open_.end()) return;
  history_.push_front(Ended{std::move(it->second), now_ms, reason});
  open_.erase(it);
  if (history_.size() > kHistoryLength) history_.pop_back();
}

std::vector<std::string> SessionRegistry::idleExpired(int64_t now_ms) const {
  std::vector<std::string> expired;
  for (const auto& [id, session] : open_) {
    if (session.ready && !session.connection_id &&
        now_ms >= session.idle_since_ms + session.keep_alive_ms) {
      expired.push_back(id);
    }
  }
  return expired;
}

std::optional<int64_t> SessionRegistry::nextIdleDeadline() const {
  std::optional<int64_t> next;
  for (const auto& [id, session] : open_) {
    if (!session.ready || session.connection_id) continue;
    int64_t due = session.idle_since_ms + session.keep_alive_ms;
    if (!next || due < *next) next = due;
  }
  return next;
}

std::vector<std::string> SessionRegistry::openIds() const {
  std::vector<std::string> ids;
  for (const auto& [id, session] : open_) ids.push_back(id);
  return ids;
}

std::string SessionRegistry::sessionJson(const Session& session) {
  std::string out = fmt::format(R"({{"sessionId":{},"startTime":{})", jsonQuote(session.id), session.start_ms);
  if (session.connection_id) {
    out += fmt::format(R"(,"connectionId":{},"connectionStartTime":{})", jsonQuote(*session.connection_id),
                       *session.connection_start_ms);
  }
  return out;
}

std::string SessionRegistry::sessionsJson() const {
  std::string out = R"({"sessions":[)";
  bool first = true;
  for (const auto& [id, session] : open_) {
    if (!session.ready) continue;
    if (!first) out += ',';
    first = false;
    out += sessionJson(session) + '}';
  }
  return out + "]}";
}

std::string SessionRegistry::historyJson() const {
  std::string out = R"({"history":[)";
  for (size_t i = 0; i < history_.size(); ++i) {
    const Ended& ended = history_[i];
    if (i > 0) out += ',';
    out += sessionJson(ended.session);
    out += fmt::format(R"(,"endTime":{},"closeReason":{},"closeReasonText":{}}})", ended.end_ms,
                       static_cast<int>(ended.reason), jsonQuote(closeReasonText(ended.reason)));
  }
  return out + "]}";
}

std::string SessionRegistry::limitsJson() const {
  std::string active;
  for (const auto& [id, session] : open_) {
    if (!active.empty()) active += ',';
    active += R"({"id":)" + jsonQuote(id) + '}';
  }
  size_t allowed = open_.size() >= max_sessions_ ? 0 : max_sessions_ - open_.size();
  return fmt::format(
      R"({{"activeSessions":[{}],"maxConcurrentSessions":{},"allowedBrowserAcquisitions":{},)"
      R"("timeUntilNextAllowedBrowserAcquisition":0}})",
      active, max_sessions_, allowed);
}

}  // namespace edged::bindings::browser
