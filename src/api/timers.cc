#include "edged/api/timers.h"

#include <uv.h>
#include <v8-function.h>

#include <cmath>
#include <memory>
#include <unordered_map>

#include "edged/runtime/js_values.h"
#include "edged/runtime/realm.h"

namespace edged::api {
namespace {

struct Timer {
  uv_timer_t handle;
  runtime::Realm* realm;
  double id;
};

void freeTimer(uv_handle_t* handle) { std::unique_ptr<Timer> owned(static_cast<Timer*>(handle->data)); }

// All pending timers of a realm. Closing a uv handle is asynchronous, so each Timer is freed in
// its close callback (STYLE.md: uv handles freed only there).
struct TimerState : runtime::RealmState {
  std::unordered_map<double, Timer*> pending;

  ~TimerState() override {
    for (auto& [id, timer] : pending) close(timer);
  }
  static void close(Timer* timer) {
    uv_timer_stop(&timer->handle);
    uv_close(reinterpret_cast<uv_handle_t*>(&timer->handle), &freeTimer);
  }
  void cancel(double id) {
    auto it = pending.find(id);
    if (it == pending.end()) return;
    close(it->second);
    pending.erase(it);
  }
};

void onTimer(uv_timer_t* handle) {
  auto* timer = static_cast<Timer*>(handle->data);
  runtime::Realm* realm = timer->realm;
  double id = timer->id;
  realm->state<TimerState>().cancel(id);
  realm->enter([&](v8::Local<v8::Context> context) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::Local<v8::Value> fn;
    if (!runtime::getProperty(context, realm->internals(), "onTimer").ToLocal(&fn) ||
        !fn->IsFunction()) {
      return;
    }
    v8::Local<v8::Value> args[] = {v8::Number::New(isolate, id)};
    (void)fn.As<v8::Function>()->Call(context, v8::Undefined(isolate), 1, args);
  });
}

// The loop's clock counts whole milliseconds, so a timer due k ticks after now fires after
// anything between k-1 and k real milliseconds. One tick more, and a fractional delay rounded
// up, keep a timer from firing before its delay as Date.now() measures it.
uint64_t loopTimeout(double delay) {
  if (delay == 0) return 0;
  return static_cast<uint64_t>(std::ceil(delay)) + 1;
}

}  // namespace

void opTimerStart(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  double id = info[0]->NumberValue(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  double delay = info[1]->NumberValue(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  if (!(delay >= 0)) delay = 0;
  auto& state = realm->state<TimerState>();
  state.cancel(id);
  // Owned by the loop from here until freeTimer.
  Timer* timer = std::make_unique<Timer>().release();
  timer->realm = realm;
  timer->id = id;
  timer->handle.data = timer;
  uv_timer_init(realm->loop(), &timer->handle);
  // The loop's cached time is from the start of this loop turn; JavaScript may have run for a
  // while since, and a timer measured from the stale time would fire early.
  uv_update_time(realm->loop());
  uv_timer_start(&timer->handle, &onTimer, loopTimeout(delay), 0);
  state.pending.emplace(id, timer);
}

void opTimerCancel(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  double id = info[0]->NumberValue(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  realm->state<TimerState>().cancel(id);
}

}  // namespace edged::api
