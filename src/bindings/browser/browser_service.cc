#include "edged/bindings/browser/browser_service.h"

#include <thread>

#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::bindings::browser {
namespace {

// The process-wide link from the binding's ops to the running service (see the header).
std::mutex g_link_mutex;
std::weak_ptr<BrowserService> g_link;

// How long stop() waits for killed browsers to be reaped.
constexpr auto kStopGrace = std::chrono::seconds(5);

int64_t nowMs() { return static_cast<int64_t>(clock::nowMs()); }

SessionError stopping() { return SessionError{503, "The server is stopping."}; }

}  // namespace

BrowserService::BrowserService(BrowserOptions options)
    : options_(std::move(options)), registry_(options_.max_sessions) {}

std::shared_ptr<BrowserService> BrowserService::start(BrowserOptions options) {
  std::shared_ptr<BrowserService> service(new BrowserService(std::move(options)));
  // Profiles a crashed earlier process left behind.
  std::error_code ignored;
  std::filesystem::remove_all(service->options_.profiles_dir, ignored);
  service->thread_.start();
  service->thread_.runSync([s = service.get()] {
    s->pool_ = net::HttpClientPool::create(s->thread_.loop());
    (void)s->idle_timer_.init([s](uv_timer_t* timer) { return uv_timer_init(s->thread_.loop(), timer); }, s);
  });
  std::lock_guard lock(g_link_mutex);
  g_link = service;
  return service;
}

std::shared_ptr<BrowserService> BrowserService::running() {
  std::lock_guard lock(g_link_mutex);
  return g_link.lock();
}

BrowserService::~BrowserService() { stop(); }

void BrowserService::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  {
    std::lock_guard lock(g_link_mutex);
    if (g_link.lock().get() == this || g_link.expired()) g_link.reset();
  }
  thread_.runSync([this] {
    idle_timer_.close();
    for (auto& [id, browser] : browsers_) {
      {
        std::lock_guard lock(mutex_);
        registry_.close(id, nowMs(), CloseReason::kServerStopped);
      }
      auto relays = std::move(browser.relays);
      for (auto& [connection, relay] : relays) relay->abort(1001, "Browser Rendering: the server is stopping");
      if (browser.process) browser.process->kill();
    }
  });
  // Killed browsers are reaped by the loop (onBrowserExit erases them).
  auto deadline = std::chrono::steady_clock::now() + kStopGrace;
  for (bool empty = false; !empty && std::chrono::steady_clock::now() < deadline;) {
    thread_.runSync([&] { empty = browsers_.empty(); });
    if (!empty) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  thread_.runSync([this] {
    for (auto& [id, browser] : browsers_) {
      std::error_code ignored;
      std::filesystem::remove_all(browser.profile_dir, ignored);
    }
    browsers_.clear();
    pool_.reset();
  });
  thread_.stop();
}

void BrowserService::acquire(uint32_t keep_alive_ms, std::function<void(Acquired)> done) {
  std::string id;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return done(stopping());
    auto reserved = registry_.reserve(nowMs(), keep_alive_ms);
    if (auto* error = std::get_if<SessionError>(&reserved)) return done(*error);
    id = std::get<SessionRegistry::Reserved>(reserved).id;
  }
  auto shared_done = std::make_shared<std::function<void(Acquired)>>(std::move(done));
  if (!thread_.post([this, id, shared_done] { launch(id, std::move(*shared_done)); })) {
    {
      std::lock_guard lock(mutex_);
      registry_.close(id, nowMs(), CloseReason::kServerStopped);
    }
    (*shared_done)(stopping());
  }
}

void BrowserService::launch(const std::string& id, std::function<void(Acquired)> done) {
  auto fail = [&](const std::string& message) {
    {
      std::lock_guard lock(mutex_);
      registry_.close(id, nowMs(), CloseReason::kLaunchFailed);
    }
    log::warn("browser: session " + id + " could not start: " + message);
    done(SessionError{500, message});
  };
  std::filesystem::path profile = options_.profiles_dir / id;
  std::error_code error;
  std::filesystem::create_directories(profile, error);
  if (error) return fail("cannot create the browser profile " + profile.string() + ": " + error.message());

  ChromiumLaunch launch{options_.executable, profile, options_.startup_timeout_ms};
  auto shared_done = std::make_shared<std::function<void(Acquired)>>(std::move(done));
  auto on_ready = [this, id, shared_done](Result<std::string> url) {
    auto it = browsers_.find(id);
    if (!url.ok() || it == browsers_.end()) {
      std::string message = url.ok() ? "the browser went away while starting" : url.error().message;
      {
        std::lock_guard lock(mutex_);
        registry_.close(id, nowMs(), CloseReason::kLaunchFailed);
      }
      log::warn("browser: session " + id + " could not start: " + message);
      return (*shared_done)(SessionError{500, message});
    }
    it->second.devtools_url = url.value();
    {
      std::lock_guard lock(mutex_);
      registry_.markReady(id, nowMs());
    }
    scheduleIdleCheck();
    (*shared_done)(id);
  };
  auto process = ChromiumProcess::launch(thread_.loop(), launch, std::move(on_ready), [this, id] { onBrowserExit(id); });
  if (!process.ok()) {
    std::filesystem::remove_all(profile, error);
    done = std::move(*shared_done);
    return fail(process.error().message);
  }
  Browser& browser = browsers_[id];
  browser.process = std::move(process).value();
  browser.profile_dir = std::move(profile);
}

void BrowserService::onBrowserExit(const std::string& id) {
  auto it = browsers_.find(id);
  if (it == browsers_.end()) return;
  {
    std::lock_guard lock(mutex_);
    registry_.close(id, nowMs(), it->second.client_closed ? CloseReason::kClientClosed : CloseReason::kBrowserExited);
  }
  std::error_code ignored;
  std::filesystem::remove_all(it->second.profile_dir, ignored);
  // Relaying clients hear it once Chromium's side of their connection drops (after whatever it
  // sent last, such as the answer to Browser.close); those still in the DevTools handshake now.
  auto relays = std::move(it->second.relays);
  browsers_.erase(it);
  for (auto& [connection, relay] : relays) {
    if (!relay->relaying()) relay->abort(1011, "Browser Rendering: the browser exited");
  }
  scheduleIdleCheck();
}

void BrowserService::endSession(const std::string& id, CloseReason reason) {
  auto it = browsers_.find(id);
  {
    std::lock_guard lock(mutex_);
    registry_.close(id, nowMs(), reason);
  }
  if (it != browsers_.end() && it->second.process) it->second.process->kill();
}

std::optional<SessionError> BrowserService::connect(const std::string& id, Framing framing,
                                                    std::shared_ptr<api::WebSocketChannel> channel, int end) {
  std::string connection;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return stopping();
    auto connected = registry_.connect(id, nowMs());
    if (auto* error = std::get_if<SessionError>(&connected)) return *error;
    connection = std::get<std::string>(connected);
  }
  bool posted = thread_.post([this, id, connection, framing, channel, end] {
    auto it = browsers_.find(id);
    CdpRelay::Hooks hooks;
    hooks.on_browser_close = [this, id] {
      if (auto b = browsers_.find(id); b != browsers_.end()) b->second.client_closed = true;
    };
    hooks.on_end = [this, id, connection] {
      {
        std::lock_guard lock(mutex_);
        registry_.disconnect(id, connection, nowMs());
      }
      if (auto b = browsers_.find(id); b != browsers_.end()) b->second.relays.erase(connection);
      scheduleIdleCheck();
    };
    // The browser exited between the check and now: the relay fails to connect and says so.
    std::string url = it == browsers_.end() ? std::string() : it->second.devtools_url;
    auto post = [this](std::function<void()> task) { return thread_.post(std::move(task)); };
    auto relay = CdpRelay::start(thread_.loop(), *pool_, url, framing, channel, end, post, std::move(hooks));
    if (!relay->finished() && it != browsers_.end()) it->second.relays[connection] = std::move(relay);
  });
  if (!posted) {
    std::lock_guard lock(mutex_);
    registry_.disconnect(id, connection, nowMs());
    return stopping();
  }
  return std::nullopt;
}

void BrowserService::scheduleIdleCheck() {
  if (!idle_timer_) return;
  std::optional<int64_t> next;
  {
    std::lock_guard lock(mutex_);
    next = registry_.nextIdleDeadline();
  }
  if (!next) {
    uv_timer_stop(idle_timer_.get());
    return;
  }
  uint64_t delay = static_cast<uint64_t>(std::max<int64_t>(0, *next - nowMs()));
  uv_timer_start(idle_timer_.get(), &BrowserService::onIdleTimer, delay, 0);
}

void BrowserService::onIdleTimer(uv_timer_t* timer) {
  auto* self = static_cast<BrowserService*>(timer->data);
  if (self == nullptr) return;
  std::vector<std::string> expired;
  {
    std::lock_guard lock(self->mutex_);
    expired = self->registry_.idleExpired(nowMs());
  }
  for (const std::string& id : expired) self->endSession(id, CloseReason::kIdle);
  self->scheduleIdleCheck();
}

std::string BrowserService::sessionsJson() {
  std::lock_guard lock(mutex_);
  return registry_.sessionsJson();
}

std::string BrowserService::historyJson() {
  std::lock_guard lock(mutex_);
  return registry_.historyJson();
}

std::string BrowserService::limitsJson() {
  std::lock_guard lock(mutex_);
  return registry_.limitsJson();
}

}  // namespace edged::bindings::browser
