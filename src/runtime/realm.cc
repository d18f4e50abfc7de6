#include "edged/runtime/realm.h"

#include <v8-exception.h>
#include <v8-microtask-queue.h>
#include <v8-primitive.h>
#include <v8-promise.h>

#include "edged/runtime/js_values.h"
#include "edged/runtime/module_registry.h"
#include "edged/runtime/request_trace.h"
#include "edged/util/assert.h"
#include "edged/util/log.h"

namespace edged::runtime {

// Isolate data slot holding the Realm pointer.
constexpr uint32_t kRealmSlot = 0;

Realm::Realm(v8::Isolate* isolate, v8::Local<v8::Context> context,
             v8::Local<v8::Object> internals, uv_loop_t* loop, RealmOptions options)
    : isolate_(isolate),
      context_(isolate, context),
      internals_(isolate, internals),
      loop_(loop),
      options_(std::move(options)) {
  isolate_->SetData(kRealmSlot, this);
  isolate_->SetPromiseRejectCallback(&Realm::onPromiseReject);
}

Realm::~Realm() { isolate_->SetData(kRealmSlot, nullptr); }

uint64_t Realm::takeCpuAccount(const std::string& request_id) {
  auto it = cpu_ns_by_request_.find(request_id);
  if (it == cpu_ns_by_request_.end()) return 0;
  uint64_t ns = it->second;
  // Finishing from inside the request's own entry: count that entry up to now.
  if (cpu_entry_start_ns_ != 0 && current_request_id_ == request_id) {
    ns += CpuWatchdog::threadCpuNs() - cpu_entry_start_ns_;
  }
  cpu_ns_by_request_.erase(it);
  return ns;
}

void Realm::endRequest(const std::string& request_id) {
  auto [first, last] = request_end_hooks_.equal_range(request_id);
  std::vector<std::function<void()>> hooks;
  for (auto it = first; it != last; ++it) hooks.push_back(std::move(it->second));
  request_end_hooks_.erase(first, last);
  for (const auto& hook : hooks) hook();
}

Realm* Realm::from(v8::Isolate* isolate) {
  return static_cast<Realm*>(isolate->GetData(kRealmSlot));
}

bool Realm::enter(const std::function<void(v8::Local<v8::Context>)>& body,
                  const std::string& request_id, uint64_t budget_ns) {
  if (broken_ != Broken::kNo) return false;
  v8::Isolate::Scope isolate_scope(isolate_);
  v8::HandleScope handle_scope(isolate_);
  v8::Local<v8::Context> context = context_.Get(isolate_);
  v8::Context::Scope context_scope(context);

  // Nested entries (a native op calling back into JS) share the outer entry's accounting.
  if (depth_ > 0) {
    v8::TryCatch try_catch(isolate_);
    body(context);
    if (try_catch.HasCaught() && try_catch.CanContinue()) {
      logException(try_catch.Exception(), "Uncaught");
      return false;
    }
    return !try_catch.HasCaught();
  }

  // A new turn of the event loop starts outside any AsyncLocalStorage store: what a previous
  // turn left current (enterWith) must not leak into it. Timers restore their own frame
  // (runtime-js/api/69_node_async_hooks.js).
  context->SetContinuationPreservedEmbedderData(v8::Undefined(isolate_));
  std::string saved_request = std::move(current_request_id_);
  current_request_id_ = request_id;
  ++depth_;
  bool ok = true;
  // Reading a thread's CPU clock is a system call: one read serves the watchdog and the account.
  bool counted = cpu_ns_by_request_.contains(request_id);
  uint64_t cpu_now = counted || options_.watchdog != nullptr ? CpuWatchdog::threadCpuNs() : 0;
  cpu_entry_start_ns_ = counted ? cpu_now : 0;
  {
    std::optional<CpuWatchdog::Armed> armed;
    if (options_.watchdog != nullptr) {
      armed.emplace(*options_.watchdog, isolate_, budget_ns ? budget_ns : options_.cpu_limit_ns,
                    cpu_now);
    }
    {
      v8::TryCatch try_catch(isolate_);
      body(context);
      if (try_catch.HasCaught()) {
        ok = false;
        if (try_catch.CanContinue()) logException(try_catch.Exception(), "Uncaught");
      }
    }
    if (!isolate_->IsExecutionTerminating()) {
      v8::TryCatch try_catch(isolate_);
      isolate_->PerformMicrotaskCheckpoint();
      if (try_catch.HasCaught() && try_catch.CanContinue()) {
        logException(try_catch.Exception(), "Uncaught");
      }
    }
    if (armed && armed->disarm()) broken_ = Broken::kCpuLimit;
  }
  // Looked up again: the request may have finished (takeCpuAccount) inside this entry.
  if (cpu_entry_start_ns_ != 0) {
    auto account = cpu_ns_by_request_.find(request_id);
    if (account != cpu_ns_by_request_.end()) {
      account->second += CpuWatchdog::threadCpuNs() - cpu_entry_start_ns_;
    }
    cpu_entry_start_ns_ = 0;
  }
  if (isolate_->IsExecutionTerminating()) {
    if (broken_ == Broken::kNo) broken_ = Broken::kCpuLimit;
    isolate_->CancelTerminateExecution();
    ok = false;
  }
  --depth_;
  if (broken_ == Broken::kNo) reportUnhandledRejections();
  current_request_id_ = std::move(saved_request);
  for (const auto& hook : turn_end_hooks_) hook();
  if (broken_ != Broken::kNo) {
    log::workerLine(spdlog::level::err, options_.worker_name, request_id,
                    broken_ == Broken::kCpuLimit ? "Worker exceeded CPU time limit."
                                                 : "Worker exceeded memory limit.");
    if (options_.on_broken) {
      auto on_broken = std::move(options_.on_broken);
      options_.on_broken = nullptr;
      on_broken();
    }
    return false;
  }
  return ok;
}

void Realm::logException(v8::Local<v8::Value> exception, const char* prefix) {
  std::string text = withOriginalPositions(describeException(isolate_, exception));
  log::workerLine(spdlog::level::err, options_.worker_name, current_request_id_,
                  std::string(prefix) + " " + text);
  traceException(*this, exception);
}

std::string Realm::withOriginalPositions(std::string text) {
  // Frames are "    at …" lines: text without one (most console lines) costs one search.
  if (text.find("    at ") == std::string::npos) return text;
  const SourceMaps* maps = state<ModuleRegistry>().sourceMaps();
  if (maps == nullptr || maps->empty()) return text;
  return maps->mapStack(text);
}

void Realm::onPromiseReject(v8::PromiseRejectMessage message) {
  v8::Local<v8::Promise> promise = message.GetPromise();
  v8::Isolate* isolate = promise->GetIsolate();
  Realm* realm = from(isolate);
  if (realm == nullptr) return;
  auto& list = realm->unhandled_;
  switch (message.GetEvent()) {
    case v8::kPromiseRejectWithNoHandler:
      list.emplace_back(v8::Global<v8::Promise>(isolate, promise),
                        v8::Global<v8::Value>(isolate, message.GetValue()));
      break;
    case v8::kPromiseHandlerAddedAfterReject:
      std::erase_if(list, [&](const auto& entry) { return entry.first == promise; });
      break;
    default:
      break;
  }
}

// Rejections still unhandled once microtasks have run are reported, as workerd does.
void Realm::reportUnhandledRejections() {
  if (unhandled_.empty()) return;
  auto list = std::move(unhandled_);
  unhandled_.clear();
  v8::HandleScope scope(isolate_);
  for (auto& [promise, value] : list) {
    // Marked handled since (e.g. a module evaluation error already reported as such).
    if (promise.Get(isolate_)->HasHandler()) continue;
    logException(value.Get(isolate_), "Uncaught (in promise)");
  }
}

}  // namespace edged::runtime
