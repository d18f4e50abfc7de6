#pragma once
// The Browser Rendering sessions of the process: one thread with its own loop that launches a
// headless Chromium per session on demand (chromium_process.h), relays client connections to it
// (cdp_relay.h), closes sessions left idle past their keep_alive, bounds how many are open
// (session_registry.h), and kills every browser when the server stops.
//
// One session is one Chromium process, not a browser context in a shared one: sessions then
// share no cookies, cache or crashes, a Browser.close ends exactly that session's browser (as
// on Cloudflare, where a session is a browser instance), and killing a session's process group
// reclaims all of its memory. The price is a launch (~0.5-1 s) per session, which keep_alive and
// puppeteer.connect() amortize.
//
// Realms reach the running service through one process-wide link (like the queue broker's):
// they have no path to the server's services, and a process runs at most one of these.
// Thread-safe.

#include <uv.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>

#include "edged/api/websocket_channel.h"
#include "edged/bindings/browser/cdp_relay.h"
#include "edged/bindings/browser/chromium_process.h"
#include "edged/bindings/browser/session_registry.h"
#include "edged/net/http_client_pool.h"
#include "edged/net/loop_thread.h"
#include "edged/net/uv_handle.h"

namespace edged::bindings::browser {

struct BrowserOptions {
  // Debian's chromium (a wrapper script that execs /usr/lib/chromium/chromium).
  std::string executable = "/usr/bin/chromium";
  // Sessions open at once (launching, idle or connected); the next acquire gets a 429.
  uint32_t max_sessions = 3;
  // Each session's profile directory is created under here and removed when it ends.
  std::filesystem::path profiles_dir;
  uint32_t startup_timeout_ms = 30'000;
};

class BrowserService {
 public:
  // Starts the thread and publishes the process-wide link.
  static std::shared_ptr<BrowserService> start(BrowserOptions options);
  // The running service, if any (what the binding's ops call).
  static std::shared_ptr<BrowserService> running();
  ~BrowserService();
  BrowserService(const BrowserService&) = delete;
  BrowserService& operator=(const BrowserService&) = delete;

  // Kills every browser (their sessions end as "ServerStopped"), withdraws the link and stops
  // the thread. Idempotent; not from the service's own thread.
  void stop();

  using Acquired = std::variant<std::string, SessionError>;  // the session id, or why not
  // Launches a browser for a new session; `done` runs on the service's thread once it is ready
  // (or failed). The bound is checked at once: an acquire over it fails without launching.
  void acquire(uint32_t keep_alive_ms, std::function<void(Acquired)> done);

  // Connects a client to session `id`: the relay takes `end` of `channel` (the other end is the
  // Worker's WebSocket). An error when the session is not open or already has a client.
  std::optional<SessionError> connect(const std::string& id, Framing framing,
                                      std::shared_ptr<api::WebSocketChannel> channel, int end);

  std::string sessionsJson();
  std::string historyJson();
  std::string limitsJson();

 private:
  struct Browser {
    std::unique_ptr<ChromiumProcess> process;
    std::string devtools_url;
    std::filesystem::path profile_dir;
    std::map<std::string, std::shared_ptr<CdpRelay>> relays;  // by connection id
    bool client_closed = false;  // the client sent Browser.close
  };

  explicit BrowserService(BrowserOptions options);
  // On the service's thread.
  void launch(const std::string& id, std::function<void(Acquired)> done);
  void onBrowserExit(const std::string& id);
  void endSession(const std::string& id, CloseReason reason);
  void scheduleIdleCheck();
  static void onIdleTimer(uv_timer_t* timer);

  BrowserOptions options_;
  net::LoopThread thread_;
  std::mutex mutex_;
  SessionRegistry registry_;  // guarded by mutex_
  bool stopped_ = false;      // guarded by mutex_
  // The service thread's own (no lock): browsers by session id, the idle timer, the DevTools
  // connections' client.
  std::map<std::string, Browser> browsers_;
  net::UvHandle<uv_timer_t> idle_timer_;
  std::shared_ptr<net::HttpClientPool> pool_;
};

}  // namespace edged::bindings::browser
