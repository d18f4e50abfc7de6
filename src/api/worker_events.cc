#include "edged/api/worker_events.h"

#include <v8-function.h>

#include <map>

#include "edged/api/fetch_client.h"
#include "edged/api/sockets.h"
#include "edged/runtime/js_values.h"
#include "edged/util/log.h"

namespace edged::api {
namespace {

struct OpenEvent {
  WorkerEventDone done;
  std::string request_id;  // what its JS runs under: its subrequests and sockets carry it
};

struct WorkerEventState : runtime::RealmState {
  double next_id = 1;
  std::map<double, OpenEvent> open;

  // The event is over (its handler and every waitUntil settled): as on Workers, what it left
  // open (fetches still running, sockets) goes with it.
  void finish(runtime::Realm& realm, double id, WorkerEventOutcome outcome) {
    auto it = open.find(id);
    if (it == open.end()) return;
    OpenEvent event = std::move(it->second);
    open.erase(it);
    endSubrequestsOf(realm, event.request_id);
    endSocketsOf(realm, event.request_id);
    realm.endRequest(event.request_id);
    event.done(std::move(outcome));
  }
  // The realm is going away, and its subrequests and sockets with it.
  ~WorkerEventState() override {
    while (!open.empty()) {
      OpenEvent event = std::move(open.begin()->second);
      open.erase(open.begin());
      event.done({false, {}, "The Worker was unloaded."});
    }
  }
};

}  // namespace

void dispatchWorkerEvent(runtime::Realm& realm, const std::string& kind, std::string payload_json,
                         WorkerEventDone done, const std::string& request_id) {
  WorkerEventState& state = realm.state<WorkerEventState>();
  double id = state.next_id++;
  std::string event_request_id = request_id.empty() ? log::newReferenceId() : request_id;
  state.open.emplace(id, OpenEvent{std::move(done), event_request_id});
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
      event_request_id);
  if (!ok) {
    state.finish(realm, id, {false, {}, "The Worker threw while starting the " + kind + " event."});
  }
}

void failAllWorkerEvents(runtime::Realm& realm, const std::string& message) {
  WorkerEventState& state = realm.state<WorkerEventState>();
  while (!state.open.empty()) state.finish(realm, state.open.begin()->first, {false, {}, message});
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
  realm->state<WorkerEventState>().finish(*realm, id, std::move(outcome));
}

}  // namespace edged::api
