#include "edged/bindings/services/service_server.h"

#include <v8-context.h>
#include <v8-exception.h>
#include <v8-function.h>
#include <v8-primitive.h>

#include <map>

#include "edged/api/serialization.h"
#include "edged/runtime/js_values.h"
#include "edged/util/log.h"

namespace edged::bindings::services {
namespace {

// The calls running in one target realm, by the id JavaScript reports them with.
struct ServiceServerState : runtime::RealmState {
  struct Open {
    std::function<void(ServiceOutcome)> reply;  // empty once replied
    std::function<void()> finished;
  };
  double next_id = 1;
  std::map<double, Open> open;

  void reply(double id, ServiceOutcome outcome) {
    auto it = open.find(id);
    if (it == open.end() || !it->second.reply) return;
    auto send = std::move(it->second.reply);
    it->second.reply = nullptr;
    send(std::move(outcome));
  }
  void finish(double id) {
    auto it = open.find(id);
    if (it == open.end()) return;
    Open call = std::move(it->second);
    open.erase(it);
    if (call.reply)
      call.reply(ServiceOutcome::failed("The service's Worker ended the call without a result."));
    call.finished();
  }
  ~ServiceServerState() override {
    // Only at shutdown is a call still open here (an isolate is otherwise discarded once its
    // calls ended or failAllServiceCalls ended them): callers must not wait forever.
    for (auto& [id, call] : open) {
      if (call.reply) call.reply(ServiceOutcome::failed("The service's Worker was unloaded."));
    }
  }
};

ServiceServerState* stateOf(const v8::FunctionCallbackInfo<v8::Value>& info, double* id) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  if (realm == nullptr || !info[0]->IsNumber()) return nullptr;
  *id = info[0].As<v8::Number>()->Value();
  return &realm->state<ServiceServerState>();
}

}  // namespace

void runServiceCall(runtime::Realm& realm, ServiceCall call, std::function<void()> finished) {
  ServiceServerState& state = realm.state<ServiceServerState>();
  double id = state.next_id++;
  state.open.emplace(id, ServiceServerState::Open{std::move(call.reply), std::move(finished)});
  bool started = false;
  realm.enter(
      [&](v8::Local<v8::Context> context) {
        v8::Isolate* isolate = context->GetIsolate();
        v8::Local<v8::Value> payload;
        v8::Local<v8::Value> deliver;
        {
          v8::TryCatch try_catch(isolate);
          if (!api::deserializeValue(context, call.payload).ToLocal(&payload)) return;
        }
        if (!runtime::getProperty(context, realm.internals(), "serviceDeliver").ToLocal(&deliver) ||
            !deliver->IsFunction()) {
          return;
        }
        v8::Local<v8::Value> args[] = {
            v8::Number::New(isolate, id),
            runtime::newString(isolate, call.caller),
            runtime::newString(isolate, call.binding),
            runtime::newString(isolate, call.service),
            call.entrypoint ? runtime::newString(isolate, *call.entrypoint).As<v8::Value>()
                            : v8::Null(isolate).As<v8::Value>(),
            runtime::newString(isolate, call.props_json),
            runtime::newString(isolate, call.kind == ServiceCallKind::kFetch ? "fetch" : "rpc"),
            payload,
        };
        started = !deliver.As<v8::Function>()
                       ->Call(context, realm.internals(), static_cast<int>(std::size(args)), args)
                       .IsEmpty();
      },
      log::newReferenceId());
  if (!started) {
    state.reply(id, ServiceOutcome::failed("The service's Worker could not start the call."));
    state.finish(id);
  }
}

void failAllServiceCalls(runtime::Realm& realm, const std::string& message) {
  ServiceServerState& state = realm.state<ServiceServerState>();
  while (!state.open.empty()) {
    double id = state.open.begin()->first;
    state.reply(id, ServiceOutcome::failed(message));
    state.finish(id);
  }
}

void opServiceReply(const v8::FunctionCallbackInfo<v8::Value>& info) {
  double id = 0;
  ServiceServerState* state = stateOf(info, &id);
  if (state == nullptr) return;
  auto serialized = api::serializeValue(info.GetIsolate()->GetCurrentContext(), info[1]);
  if (!serialized) return;  // the pending error reaches JS, which replies a DataCloneError
  // The reply is posted to the caller's loop: nothing of the caller runs inside this call.
  state->reply(id, ServiceOutcome{std::move(*serialized), {}, false});
}

void opServiceDone(const v8::FunctionCallbackInfo<v8::Value>& info) {
  double id = 0;
  ServiceServerState* state = stateOf(info, &id);
  if (state != nullptr) state->finish(id);
}

}  // namespace edged::bindings::services
