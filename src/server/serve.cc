#include "edged/server/serve.h"

#include <strings.h>
#include <uv.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <thread>

#include "edged/api/websocket_bridge.h"
#include "edged/bindings/browser/browser_service.h"
#include "edged/bindings/durable_objects/object_router.h"
#include "edged/bindings/hyperdrive/pooling_endpoint.h"
#include "edged/bindings/services/service_bindings.h"
#include "edged/net/dns_resolver.h"
#include "edged/net/http_server.h"
#include "edged/net/loop_thread.h"
#include "edged/net/tls_server.h"
#include "edged/runtime/v8_process.h"
#include "edged/server/admin_server.h"
#include "edged/server/background_services.h"
#include "edged/server/config_reload.h"
#include "edged/server/deployed_workers.h"
#include "edged/server/served_workers.h"
#include "edged/server/tail_hub.h"
#include "edged/server/worker_registry.h"
#include "edged/server/systemd_notify.h"
#include "edged/server/thread_runtime.h"
#include "edged/util/log.h"
#include "embedded_snapshot.h"
#include "native_ops.h"

namespace edged::server {
namespace {

// How long SIGTERM waits for in-flight requests before exiting anyway.
constexpr uint64_t kDrainTimeoutMs = 30'000;

// One event-loop thread: its listener and its isolates, created and destroyed on that thread.
struct ServingThread {
  net::LoopThread loop;
  std::unique_ptr<ThreadRuntime> runtime;
  std::unique_ptr<net::HttpServer> http;
};

// The Host header's value ("" when absent), which routes match against.
std::string_view hostOf(const net::HttpRequestHead& head) {
  for (const net::HttpHeader& h : head.headers) {
    if (h.name.size() == 4 && strncasecmp(h.name.c_str(), "host", 4) == 0) return h.value;
  }
  return {};
}

// A server whose every Worker was deleted (or that started with none configured, waiting for
// deploys) still answers.
void answerNoWorker(net::HttpExchange& exchange) {
  static constexpr std::string_view kBody = "No Worker is deployed on this server.\n";
  exchange.respond(404, {}, {{"Content-Type", "text/plain;charset=UTF-8"}}, std::string(kBody));
}

// Runs background events on the serving threads in turn.
class ThreadEventRouter : public api::WorkerEventRouter {
 public:
  explicit ThreadEventRouter(const std::vector<std::unique_ptr<ServingThread>>& threads) : threads_(threads) {}

  void deliver(const std::string& worker, const std::string& kind, std::string payload_json,
               api::WorkerEventDone done) override {
    ServingThread* t = threads_[next_.fetch_add(1) % threads_.size()].get();
    auto shared_done = std::make_shared<api::WorkerEventDone>(std::move(done));
    bool posted = t->loop.post([t, worker, kind, payload = std::move(payload_json), shared_done]() mutable {
      if (!t->runtime) return (*shared_done)({false, {}, "The server is stopping."});
      t->runtime->dispatchEvent(worker, kind, std::move(payload), std::move(*shared_done));
    });
    if (!posted) (*shared_done)({false, {}, "The server is stopping."});
  }

 private:
  const std::vector<std::unique_ptr<ServingThread>>& threads_;
  std::atomic<size_t> next_{0};
};

// The admin listener `--admin` asks for, with the routes of admin_server.h.
Result<std::unique_ptr<AdminServer>> startAdmin(const ServeOptions& options,
                                                const std::filesystem::path& data_dir, WorkerRegistry& registry,
                                                TailHub& tails) {
  Result<AdminOptions> admin = parseAdminAddress(*options.admin_address);
  if (!admin.ok()) return admin.error();
  if (options.admin_token_file) {
    Result<std::string> token = readAdminToken(*options.admin_token_file);
    if (!token.ok()) return token.error();
    admin->token = std::move(token).value();
  }
  return startAdminServer(admin.value(), data_dir, registry, &tails);
}

struct Shutdown {
  uv_loop_t* main_loop = nullptr;
  uv_async_t drained;
  uv_timer_t deadline;
  std::atomic<size_t> pending{0};
  bool started = false;
  std::function<void()> begin_drain;
};

}  // namespace

int serve(const ServeOptions& options) {
  std::filesystem::path data_dir = options.data_dir.empty()
                                       ? options.configs.front().parent_path() / ".edged"
                                       : options.data_dir;
  // Hyperdrive bindings get their credentials while versions are built (hyperdrive_bindings.h).
  auto hyperdrive = std::make_shared<bindings::hyperdrive::PoolingEndpoint>();
  bindings::hyperdrive::PoolingEndpoint::publish(hyperdrive);
  auto configured = loadConfiguredWorkers(options.configs, options.environment, data_dir);
  if (!configured.ok()) {
    log::error(configured.error().message);
    return 1;
  }
  size_t configured_count = configured->size();
  // Workers deployed over the admin API come back after a restart, after the configured ones.
  for (auto& version : loadDeployedWorkers(DeploymentStore(data_dir), data_dir)) {
    configured->push_back(std::move(version));
  }
  Result<ServedWorkers> loaded = ServedWorkers::from(std::move(configured).value());
  if (!loaded.ok()) {
    log::error(loaded.error().message);
    return 1;
  }
  const ServedWorkers& served = loaded.value();
  std::vector<std::string> served_names;
  for (const auto& version : served.versions) served_names.push_back(version->worker_name);
  for (const auto& version : served.versions) {
    for (const std::string& warning :
         bindings::services::unresolvedServiceWarnings(version->worker_config, served_names)) {
      log::warn(warning);
    }
  }

  net::setResolveOverrides(options.resolve);
  runtime::V8Process v8;
  runtime::Snapshot snapshot(ops::embeddedSnapshot(), ops::nativeOps());
  runtime::CpuWatchdog watchdog;
  // Outlives the serving threads and the admin listener, which both hold it.
  TailHub tails;
  // Browser Rendering's sessions, on a thread of their own; every browser is killed when the
  // server stops (after the drain) or leaves serve() on an error.
  std::shared_ptr<bindings::browser::BrowserService> browsers = bindings::browser::BrowserService::start(
      {options.browser_executable, options.browser_max_sessions, data_dir / "browser"});

  unsigned count = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  // Every thread is registered as a Durable Object owner before any of them serves, so an
  // object's owner never changes while the server runs.
  bindings::durable_objects::ObjectRouter router;
  std::vector<std::unique_ptr<ServingThread>> threads;
  for (unsigned i = 0; i < count; ++i) {
    ServingThread* t = threads.emplace_back(std::make_unique<ServingThread>()).get();
    router.addThread([t](std::function<void()> task) { return t->loop.post(std::move(task)); },
                     [t](bindings::durable_objects::ObjectCall call) {
                       if (!t->runtime) return call.reply(makeError("The server is stopping."));
                       t->runtime->deliverObjectCall(std::move(call));
                     });
  }
  unsigned started = 0;
  auto stopThreads = [&] {
    for (unsigned i = 0; i < started; ++i) {
      std::unique_ptr<ServingThread>& th = threads[i];
      th->loop.post([t = th.get()] {
        t->http.reset();
        t->runtime.reset();
      });
      th->loop.stop();
    }
  };
  // First every thread gets its runtime (and so can own objects), then they all listen.
  for (unsigned i = 0; i < count; ++i) {
    ServingThread* t = threads[i].get();
    t->loop.start();
    ++started;
    std::promise<Status> warmed;
    t->loop.post([&, t, i] {
      bindings::durable_objects::ObjectHostOptions objects{&router, i, options.durable_object_idle_ms, {}};
      t->runtime = std::make_unique<ThreadRuntime>(t->loop.loop(), snapshot, &watchdog, objects);
      t->runtime->setTestScheduled(options.test_scheduled);
      t->runtime->setTailHub(&tails);
      t->runtime->setLimitDefaults(options.limit_defaults);
      Status status = Ok{};
      // The first thread starts every Worker (and so checks it starts); the others create an
      // isolate when they first serve it.
      for (const auto& version : served.versions) {
        status = t->runtime->warm(version, i == 0 ? ThreadRuntime::Start::kNow : ThreadRuntime::Start::kOnFirstUse);
        if (!status.ok()) {
          status = makeError(version->worker_config.config_path.string() +
                             ": the Worker failed to start: " + status.error().message);
          break;
        }
      }
      warmed.set_value(std::move(status));
    });
    Status status = warmed.get_future().get();
    if (!status.ok()) {
      log::error(status.error().message);
      stopThreads();
      return 1;
    }
  }
  std::shared_ptr<const net::TlsServerContext> tls;
  if (!options.tls.empty()) {
    auto created = net::TlsServerContext::create(options.tls);
    if (!created.ok()) {
      log::error(created.error().message);
      stopThreads();
      return 1;
    }
    tls = std::move(created).value();
  }
  // A deploy starts its version on the first thread (a version that cannot start is refused
  // there), then makes it current on the others, before the registry routes requests to it.
  WorkerRegistry registry(served, [&threads](const std::shared_ptr<const WorkerVersion>& version) {
    auto warmOn = [&version](ServingThread& th, ThreadRuntime::Start start) {
      auto promise = std::make_shared<std::promise<Status>>();
      std::future<Status> warmed = promise->get_future();
      if (!th.loop.post([t = &th, version, promise, start] {
            promise->set_value(t->runtime ? t->runtime->warm(version, start)
                                          : Status(makeError("the server is stopping")));
          })) {
        promise->set_value(makeError("the server is stopping"));
      }
      return warmed;
    };
    if (Status first = warmOn(*threads.front(), ThreadRuntime::Start::kNow).get(); !first.ok()) return first;
    std::vector<std::future<Status>> others;
    for (size_t i = 1; i < threads.size(); ++i) {
      others.push_back(warmOn(*threads[i], ThreadRuntime::Start::kOnFirstUse));
    }
    Status status = Ok{};
    for (auto& w : others) {
      Status s = w.get();
      if (!s.ok() && status.ok()) status = std::move(s);
    }
    return status;
  });
  int port = options.port;
  for (auto& th : threads) {
    ServingThread* t = th.get();
    std::promise<Result<int>> bound;
    t->loop.post([&, t] {
      t->http = std::make_unique<net::HttpServer>();
      t->http->setTls(tls);
      ThreadRuntime* rt = t->runtime.get();
      bound.set_value(t->http->listen(t->loop.loop(), options.host, port, options.http_limits,
                                      [rt, &registry](std::shared_ptr<net::HttpExchange> exchange) {
                                        std::shared_ptr<const ServedWorkers> now = registry.snapshot();
                                        if (now->versions.empty()) return answerNoWorker(*exchange);
                                        const net::HttpRequestHead& head = exchange->head();
                                        size_t worker = now->routes.match(hostOf(head), head.target);
                                        rt->handle(now->versions[worker], std::move(exchange));
                                      }));
    });
    Result<int> result = bound.get_future().get();
    if (!result.ok()) {
      log::error("cannot listen on " + options.host + ":" + std::to_string(port) + ": " +
                 result.error().message);
      stopThreads();
      return 1;
    }
    port = result.value();
  }
  ThreadEventRouter events(threads);
  auto background = std::make_unique<BackgroundServices>(data_dir, &events);
  background->update(served.versions);
  registry.onChange([&background, &threads](const ServedWorkers& now) {
    background->update(now.versions);
    // A deleted Worker is no longer reached by service bindings, Durable Object calls or events.
    std::vector<std::string> names;
    for (const auto& version : now.versions) names.push_back(version->worker_name);
    for (auto& th : threads) {
      th->loop.post([t = th.get(), names] {
        if (t->runtime) t->runtime->keepOnly(names);
      });
    }
  });

  std::unique_ptr<AdminServer> admin;
  if (options.admin_address) {
    Result<std::unique_ptr<AdminServer>> started_admin = startAdmin(options, data_dir, registry, tails);
    if (!started_admin.ok()) {
      log::error(started_admin.error().message);
      background.reset();
      stopThreads();
      return 1;
    }
    admin = std::move(started_admin).value();
  }

  std::string names;
  for (const auto& version : served.versions) names += (names.empty() ? "" : ", ") + version->worker_name;
  std::printf("edged: serving %s on %s://%s:%d (%u threads)\n", names.c_str(), tls ? "https" : "http",
              options.host.c_str(), port, count);
  if (admin) {
    // After the serving line: tools read the first "on http://" as the Workers' address.
    std::string admin_host = options.admin_address->substr(0, options.admin_address->rfind(':'));
    std::printf("edged: admin API at http://%s:%d\n", admin_host.c_str(), admin->port());
  }
  std::fflush(stdout);
  notifySystemd("READY=1\nSTATUS=serving " + names);

  // The main thread only waits for SIGTERM/SIGINT, then drains every serving thread.
  uv_loop_t main_loop;
  uv_loop_init(&main_loop);
  Shutdown shutdown;
  shutdown.main_loop = &main_loop;
  uv_signal_t sigterm, sigint;
  uv_signal_init(&main_loop, &sigterm);
  uv_signal_init(&main_loop, &sigint);
  sigterm.data = sigint.data = &shutdown;
  uv_async_init(&main_loop, &shutdown.drained, [](uv_async_t* async) {
    auto* s = static_cast<Shutdown*>(async->loop->data);
    if (s->pending.load() == 0) uv_stop(async->loop);
  });
  uv_timer_init(&main_loop, &shutdown.deadline);
  main_loop.data = &shutdown;
  auto on_signal = [](uv_signal_t* handle, int signum) {
    auto* s = static_cast<Shutdown*>(handle->data);
    if (s->started) {
      log::warn("second signal: exiting without waiting for in-flight requests");
      uv_stop(handle->loop);
      return;
    }
    s->started = true;
    notifySystemd("STOPPING=1");
    log::info(std::string("received ") + (signum == SIGTERM ? "SIGTERM" : "SIGINT") +
              ": finishing in-flight requests");
    uv_timer_start(&s->deadline, [](uv_timer_t* t) {
      log::warn("drain timeout: exiting with requests still in flight");
      uv_stop(t->loop);
    }, kDrainTimeoutMs, 0);
    s->begin_drain();
  };
  uv_signal_start(&sigterm, on_signal, SIGTERM);
  uv_signal_start(&sigint, on_signal, SIGINT);
  // SIGHUP reloads the configuration (config_reload.h); open connections are not touched.
  uv_signal_t sighup;
  uv_signal_init(&main_loop, &sighup);
  std::set<std::string> configured_names;
  for (size_t i = 0; i < configured_count; ++i) configured_names.insert(served.versions[i]->worker_name);
  ConfigReload config_reload(options, data_dir, std::move(configured_names), registry,
                             [&threads](std::shared_ptr<const net::TlsServerContext> fresh) {
                               for (auto& th : threads) {
                                 th->loop.post([t = th.get(), fresh] {
                                   if (t->http) t->http->setTls(fresh);
                                 });
                               }
                             });
  std::function<void()> reload = [&] {
    notifySystemd(reloadingState());
    config_reload.run();
    notifySystemd("READY=1");
  };
  sighup.data = &reload;
  uv_signal_start(&sighup, [](uv_signal_t* handle, int) { (*static_cast<std::function<void()>*>(handle->data))(); },
                  SIGHUP);

  // The drain: each thread stops accepting, then reports once its requests are done.
  shutdown.pending = threads.size();
  shutdown.begin_drain = [&] {
    background->stop();
    for (auto& th : threads) {
      ServingThread* t = th.get();
      t->loop.post([t, &shutdown] {
        api::closeBridgedWebSockets();
        t->http->close([t, &shutdown] {
          t->runtime->whenIdle([&shutdown] {
            shutdown.pending.fetch_sub(1);
            uv_async_send(&shutdown.drained);
          });
        });
      });
    }
  };
  uv_run(&main_loop, UV_RUN_DEFAULT);

  admin.reset();
  background.reset();
  browsers->stop();
  stopThreads();
  uv_signal_stop(&sigterm);
  uv_signal_stop(&sigint);
  uv_signal_stop(&sighup);
  uv_timer_stop(&shutdown.deadline);
  uv_close(reinterpret_cast<uv_handle_t*>(&sigterm), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&sigint), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&sighup), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&shutdown.drained), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&shutdown.deadline), nullptr);
  uv_run(&main_loop, UV_RUN_DEFAULT);
  uv_loop_close(&main_loop);
  log::info("stopped");
  return 0;
}

}  // namespace edged::server
