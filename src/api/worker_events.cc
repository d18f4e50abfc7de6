#include "edged/api/worker_events.h"

#include <v8-function.h>

#include <map>

#include "edged/runtime/js_values.h"
#include "edged/util/log.h"

namespace edged::api {
namespace {

struct WorkerEventState : runtime::RealmState {
  double next_id = 1;
  std::map<double, WorkerEventDone> open;

  void finish(double id, WorkerEventOutcome outcome) {
    auto it = open.find(id);
    if (it == open.end()) return;
    WorkerEventDone done = std::move(it->second);
    open.erase(it);
    done(std::move(outcome));
  }
  ~WorkerEventState() override {
    while (!open.empty()) finish(open.begin()->first, {false, {}, "The Worker was unloaded."});
  }
};

}  // namespace

void dispatchWorkerEvent(runtime::Realm& realm, const std::string& kind, std::string payload_json,
                         WorkerEventDone done, const std::string& request_id) {
  WorkerEventState& state = realm.state<WorkerEventState>();
  double id = state.next_id++;
  state.open.emplace(id, std::move(done));
  bool ok = realm.enter(
      [&](v8::Local<v8::Context> context) {
        v8::Isolate* isolate = context->GetIsolate();
        v8::Local<v8::Value> dispatch;
        if (!runtime::getProperty(context, realm.internals(), "dispatchWorkerEvent").ToLocal(&dispatch) ||
            !dispatch->IsFunction()) {
          return;
        }
        v8::Local<v8::Value> args[] = {v8::Number::New(isolate, id), runtime::newString(isolate, kind),
                                       runtime::newString(isolate, payload_json)};
        (void)dispatch.As<v8::Function>()->Call(context, realm.internals(), 3, args);
      },
      request_id.empty() ? log::newReferenceId() : request_id);
  if (!ok) state.finish(id, {false, {}, "The Worker threw while starting the " + kind + " event."});
}

void failAllWorkerEvents(runtime::Realm& realm, const std::string& message) {
  WorkerEventState& state = realm.state<WorkerEventState>();
  while (!state.open.empty()) state.finish(state.open.begin()->first, {false, {}, message});
}

size_t openWorkerEventCount(runtime::Realm& realm) { return realm.state<WorkerEventState>().open.size(); }

void opWorkerEventDone(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  double id = info[0]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
  WorkerEventOutcome outcome;
  outcome.ok = info[1]->BooleanValue(isolate);
  std::string text = runtime::toUtf8(isolate, info[2]);
  if (outcome.ok) {
    outcome.result_json = std::move(text);
  } else {
    outcome.error = std::move(text);
  }
  realm->state<WorkerEventState>().finish(id, std::move(outcome));
}

}  // namespace edged::api
