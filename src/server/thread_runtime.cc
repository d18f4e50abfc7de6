#include "edged/server/thread_runtime.h"

#include <algorithm>

#include <v8-statistics.h>

#include "edged/api/fetch_event.h"
#include "edged/bindings/assets/asset_responder.h"
#include "edged/bindings/assets/assets_ops.h"
#include "edged/bindings/services/service_client.h"
#include "edged/bindings/services/service_server.h"
#include "edged/server/request_log.h"
#include "edged/server/scheduled_trigger.h"
#include "edged/server/tail_publish.h"
#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::server {
namespace {

// How often each thread samples its isolates' heaps for /metrics.
constexpr uint64_t kHeapSampleMs = 2'000;

void freeIdle(uv_handle_t* handle) { std::unique_ptr<uv_idle_t> owned(reinterpret_cast<uv_idle_t*>(handle)); }
void freeTimer(uv_handle_t* handle) {
  std::unique_ptr<uv_timer_t> owned(reinterpret_cast<uv_timer_t*>(handle));
}

// Builds the URL a Worker sees from the request target and Host (RFC 9112 §3.3).
std::string requestUrl(const net::HttpRequestHead& head) {
  if (head.target.starts_with("http://") || head.target.starts_with("https://")) return head.target;
  std::string host;
  for (const net::HttpHeader& h : head.headers) {
    if (h.name.size() == 4 && strncasecmp(h.name.c_str(), "host", 4) == 0) {
      host = h.value;
      break;
    }
  }
  if (host.empty()) host = "localhost";
  return "http://" + host + (head.target.starts_with("/") ? head.target : "/" + head.target);
}

}  // namespace

ThreadRuntime::ThreadRuntime(uv_loop_t* loop, const runtime::Snapshot& snapshot,
                             runtime::CpuWatchdog* watchdog,
                             bindings::durable_objects::ObjectHostOptions objects)
    : loop_(loop), snapshot_(snapshot), watchdog_(watchdog), objects_(objects) {
  spare_timer_ = std::make_unique<uv_timer_t>().release();
  uv_timer_init(loop_, spare_timer_);
  spare_timer_->data = this;
  prepareSpare();
  heap_timer_ = std::make_unique<uv_timer_t>().release();
  uv_timer_init(loop_, heap_timer_);
  heap_timer_->data = this;
  uv_timer_start(heap_timer_, &ThreadRuntime::onSampleHeaps, kHeapSampleMs, kHeapSampleMs);
  uv_unref(reinterpret_cast<uv_handle_t*>(heap_timer_));  // never keeps a stopping loop alive
}

ThreadRuntime::~ThreadRuntime() {
  metrics::Registry::global().isolates() -= static_cast<int64_t>(slots_.size());
  for (auto& [id, slot] : slots_) {
    if (slot.metrics != nullptr) slot.metrics->heapBytes() -= slot.heap_bytes;
  }
  uv_timer_stop(heap_timer_);
  uv_close(reinterpret_cast<uv_handle_t*>(heap_timer_), &freeTimer);
  slots_.clear();
  graveyard_.clear();
  spare_.reset();
  uv_timer_stop(spare_timer_);
  uv_close(reinterpret_cast<uv_handle_t*>(spare_timer_), &freeTimer);
  if (reaper_ != nullptr) {
    uv_idle_stop(reaper_);
    uv_close(reinterpret_cast<uv_handle_t*>(reaper_), &freeIdle);
  }
}

runtime::WorkerIsolate* ThreadRuntime::isolateFor(
    const std::shared_ptr<const WorkerVersion>& version, std::string* error) {
  auto it = slots_.find(version->version_id);
  if (it != slots_.end()) return it->second.isolate.get();
  runtime::RealmOptions options;
  options.worker_name = version->worker_name;
  options.data_dir = version->data_dir;
  WorkerLimits limits = workerLimits(version->worker_config.limits, limit_defaults_);
  options.cpu_limit_ns = limits.cpu_limit_ns;
  options.subrequest_limit = limits.subrequest_limit;
  options.metrics = &metrics::Registry::global().worker(version->worker_name);
  options.watchdog = watchdog_;
  std::string version_id = version->version_id;
  options.on_broken = [this, version_id] { onBroken(version_id); };
  if (objects_.router != nullptr) {
    options.post_task = [router = objects_.router, thread = objects_.thread](std::function<void()> task) {
      return router->post(thread, std::move(task));
    };
  }
  uint64_t start_ns = clock::monotonicNs();
  std::unique_ptr<runtime::WorkerIsolate> isolate;
  if (spare_ && spare_->heapLimitBytes() == limits.heap_limit_bytes) {
    isolate = std::move(spare_);
    prepareSpare();
  } else {
    auto blank = runtime::WorkerIsolate::createBlank(snapshot_, loop_, limits.heap_limit_bytes);
    if (!blank.ok()) {
      *error = blank.error().message;
      return nullptr;
    }
    isolate = std::move(blank).value();
  }
  Status loaded = isolate->load(version->bundle, std::move(options), envSpecJson(*version));
  log::line(spdlog::level::debug, fmt::format("{}: new isolate in {:.2f} ms", version->worker_name,
                                              (clock::monotonicNs() - start_ns) / 1e6));
  if (!loaded.ok()) {
    *error = loaded.error().message;
    return nullptr;
  }
  if (version->assets) bindings::assets::attachAssets(isolate->realm(), version->assets);
  bindings::services::ServiceClient::attach(
      isolate->realm(), version->worker_config.services,
      [this](bindings::services::ServiceCall call) { deliverServiceCall(std::move(call)); });
  if (objects_.router != nullptr) {
    bindings::durable_objects::ObjectHostOptions objects = objects_;
    objects.classes = version->durable_object_classes;
    bindings::durable_objects::ObjectHost::attach(isolate->realm(), std::move(objects));
  }
  Slot& slot = slots_[version_id];
  slot.version = version;
  slot.isolate = std::move(isolate);
  slot.metrics = &metrics::Registry::global().worker(version->worker_name);
  ++metrics::Registry::global().isolates();
  sampleHeap(slot);
  return slot.isolate.get();
}

Status ThreadRuntime::warm(const std::shared_ptr<const WorkerVersion>& version, Start start) {
  std::string error;
  if (start == Start::kNow && isolateFor(version, &error) == nullptr) return makeError(error);
  current_[version->worker_name] = version;
  // Earlier versions of the Worker finish what they have and then leave memory (their Durable
  // Objects restart in the new version, as a deploy resets them on Cloudflare).
  for (auto it = slots_.begin(); it != slots_.end();) {
    Slot& slot = it->second;
    bool older = slot.version->worker_name == version->worker_name && it->first != version->version_id;
    if (older) slot.retired = true;
    it = older && slot.in_flight == 0 ? discard(it) : std::next(it);
  }
  return Ok{};
}

std::function<void()> ThreadRuntime::track(const std::string& version_id) {
  ++in_flight_;
  ++slots_[version_id].in_flight;
  return [this, version_id] {
    auto it = slots_.find(version_id);
    if (it != slots_.end() && --it->second.in_flight == 0 && it->second.retired) discard(it);
    requestFinished();
  };
}

std::map<std::string, ThreadRuntime::Slot>::iterator ThreadRuntime::discard(
    std::map<std::string, Slot>::iterator slot) {
  // Destroyed on a later loop turn, never inside one of its own callbacks.
  graveyard_.push_back(std::move(slot->second.isolate));
  --metrics::Registry::global().isolates();
  if (slot->second.metrics != nullptr) slot->second.metrics->heapBytes() -= slot->second.heap_bytes;
  if (reaper_ == nullptr) {
    reaper_ = std::make_unique<uv_idle_t>().release();
    uv_idle_init(loop_, reaper_);
    reaper_->data = this;
  }
  uv_idle_start(reaper_, &ThreadRuntime::onReap);
  return slots_.erase(slot);
}

void ThreadRuntime::deliverObjectCall(bindings::durable_objects::ObjectCall call) {
  auto current = current_.find(call.target.worker);
  if (current == current_.end()) {
    return call.reply(makeError("No Worker named \"" + call.target.worker + "\" is deployed."));
  }
  std::string error;
  runtime::WorkerIsolate* isolate = isolateFor(current->second, &error);
  auto* host = isolate == nullptr ? nullptr
                                  : bindings::durable_objects::ObjectHost::of(isolate->realm());
  if (host == nullptr) {
    return call.reply(makeError("The Durable Object's Worker failed to start: " + error));
  }
  host->deliver(std::move(call));
}

void ThreadRuntime::keepOnly(const std::vector<std::string>& worker_names) {
  auto kept = [&](const std::string& name) {
    return std::find(worker_names.begin(), worker_names.end(), name) != worker_names.end();
  };
  std::erase_if(current_, [&](const auto& entry) { return !kept(entry.first); });
  for (auto it = slots_.begin(); it != slots_.end();) {
    Slot& slot = it->second;
    bool gone = !kept(slot.version->worker_name);
    if (gone) slot.retired = true;
    it = gone && slot.in_flight == 0 ? discard(it) : std::next(it);
  }
}

void ThreadRuntime::deliverServiceCall(bindings::services::ServiceCall call) {
  auto current = current_.find(call.service);
  if (current == current_.end()) {
    // workerd's text for a binding to a service it does not know (there, a startup error).
    std::string message = "Worker \"" + call.caller + "\"'s binding \"" + call.binding +
                          "\" refers to a service \"" + call.service +
                          "\", but no such service is defined.";
    return call.reply({{}, std::move(message), true});
  }
  std::string error;
  runtime::WorkerIsolate* isolate = isolateFor(current->second, &error);
  if (isolate == nullptr) {
    return call.reply(bindings::services::ServiceOutcome::failed(
        "The service's Worker \"" + call.service + "\" failed to start: " + error));
  }
  bindings::services::runServiceCall(isolate->realm(), std::move(call),
                                     track(current->second->version_id));
}

void ThreadRuntime::dispatchEvent(const std::string& worker, const std::string& kind,
                                  std::string payload_json, api::WorkerEventDone done) {
  auto current = current_.find(worker);
  if (current == current_.end()) {
    return done({false, {}, "No Worker named \"" + worker + "\" is deployed."});
  }
  std::string error;
  runtime::WorkerIsolate* isolate = isolateFor(current->second, &error);
  if (isolate == nullptr) return done({false, {}, "The Worker failed to start: " + error});
  std::string request_id = log::newReferenceId();
  std::optional<TailCapture> tail = beginTailCapture(tails_, isolate->realm(), worker, request_id);
  std::string tail_payload = tail ? payload_json : std::string();
  api::dispatchWorkerEvent(isolate->realm(), kind, std::move(payload_json),
                           [finished = track(current->second->version_id),
                            version = current->second,
                            tails = tails_, tail = std::move(tail), kind,
                            tail_payload = std::move(tail_payload),
                            done = std::move(done)](api::WorkerEventOutcome outcome) {
                             if (tail) {
                               publishEventTail(*tails, *tail, *version, kind, tail_payload, outcome);
                             }
                             done(std::move(outcome));
                             finished();
                           },
                           request_id);
}

void ThreadRuntime::prepareSpare() {
  if (!spare_ && !uv_is_active(reinterpret_cast<uv_handle_t*>(spare_timer_))) {
    uv_timer_start(spare_timer_, &ThreadRuntime::onPrepareSpare, 0, 0);
  }
}

void ThreadRuntime::onPrepareSpare(uv_timer_t* timer) {
  auto* self = static_cast<ThreadRuntime*>(timer->data);
  if (self->spare_) return;
  auto blank = runtime::WorkerIsolate::createBlank(self->snapshot_, self->loop_,
                                                   self->limit_defaults_.memory_mb << 20);
  if (blank.ok()) self->spare_ = std::move(blank).value();
}

void ThreadRuntime::handle(const std::shared_ptr<const WorkerVersion>& version,
                           std::shared_ptr<net::HttpExchange> exchange) {
  uint64_t start_ns = clock::monotonicNs();  // the request log's duration includes a cold start
  // Static assets are answered natively unless the Worker must run first (Cloudflare's router).
  const net::HttpRequestHead& head = exchange->head();
  if (version->assets && !(test_scheduled_ && isScheduledTriggerTarget(head.target))) {
    if (auto asset = version->assets->route({head.method, head.target, &head.headers})) {
      ++in_flight_;
      return bindings::assets::sendAssetResponse(loop_, exchange, *asset,
                                                 [this] { requestFinished(); });
    }
  }
  std::string error;
  runtime::WorkerIsolate* isolate = isolateFor(version, &error);
  if (isolate == nullptr) {
    std::string reference = log::newReferenceId();
    log::workerLine(spdlog::level::err, version->worker_name, reference,
                    "the Worker failed to start: " + error);
    std::string body = "Worker failed to start; reference = " + reference;
    exchange->respond(500, {}, {{"Content-Type", "text/plain;charset=UTF-8"}}, std::move(body));
    return;
  }
  std::function<void()> finished = track(version->version_id);
  if (test_scheduled_ && isScheduledTriggerTarget(exchange->head().target)) {
    return runScheduledTrigger(isolate->realm(), std::move(exchange), std::move(finished));
  }
  std::string request_id = log::newReferenceId();
  api::IncomingRequest request{exchange, requestUrl(head), request_id};
  metrics::WorkerMetrics* metrics = slots_[version->version_id].metrics;
  std::optional<TailCapture> tail =
      beginTailCapture(tails_, isolate->realm(), version->worker_name, request_id);
  std::string tail_url = tail ? request.url : std::string();
  api::dispatchFetch(isolate->realm(), std::move(request),
                     [version, metrics, exchange, request_id, start_ns, tails = tails_,
                      tail = std::move(tail), tail_url = std::move(tail_url),
                      finished = std::move(finished)](const api::FetchOutcome& outcome) {
                       recordFetch(*version, *metrics, exchange->head(), request_id, start_ns,
                                   outcome);
                       if (tail) {
                         publishFetchTail(*tails, *tail, *version, exchange->head(), tail_url,
                                          outcome);
                       }
                       finished();
                     });
}

void ThreadRuntime::onBroken(const std::string& version_id) {
  auto it = slots_.find(version_id);
  if (it == slots_.end()) return;
  runtime::Realm& realm = it->second.isolate->realm();
  bool cpu = realm.broken() == runtime::Realm::Broken::kCpuLimit;
  const char* why = cpu ? "Worker exceeded CPU time limit." : "Worker exceeded memory limit.";
  if (it->second.metrics != nullptr) {
    it->second.metrics->recordLimitExceeded(cpu ? metrics::LimitKind::kCpu
                                                : metrics::LimitKind::kMemory);
  }
  // Cloudflare answers 503 (error 1102) when a Worker exceeds its resource limits.
  api::failAllFetches(realm, 503, std::string(why) + "\n");
  api::failAllWorkerEvents(realm, why);
  bindings::services::failAllServiceCalls(realm, why);
  // Ending those may already have discarded a retired version's slot.
  it = slots_.find(version_id);
  if (it != slots_.end()) discard(it);
}

void ThreadRuntime::sampleHeap(Slot& slot) {
  if (slot.metrics == nullptr || !slot.isolate) return;
  v8::HeapStatistics stats;
  slot.isolate->realm().isolate()->GetHeapStatistics(&stats);
  auto used = static_cast<int64_t>(stats.used_heap_size());
  slot.metrics->heapBytes() += used - slot.heap_bytes;
  slot.heap_bytes = used;
}

void ThreadRuntime::onSampleHeaps(uv_timer_t* timer) {
  auto* self = static_cast<ThreadRuntime*>(timer->data);
  for (auto& [id, slot] : self->slots_) self->sampleHeap(slot);
}

void ThreadRuntime::onReap(uv_idle_t* idle) {
  auto* self = static_cast<ThreadRuntime*>(idle->data);
  uv_idle_stop(idle);
  self->graveyard_.clear();
}

void ThreadRuntime::requestFinished() {
  --in_flight_;
  if (in_flight_ > 0) return;
  auto waiters = std::move(idle_waiters_);
  idle_waiters_.clear();
  for (auto& cb : waiters) cb();
}

void ThreadRuntime::whenIdle(std::function<void()> cb) {
  if (in_flight_ == 0) return cb();
  idle_waiters_.push_back(std::move(cb));
}

}  // namespace edged::server
