#include "edged/bindings/workflows/workflow_ops.h"

#include <fmt/format.h>
#include <v8-container.h>
#include <v8-exception.h>
#include <v8-primitive.h>

#include <map>
#include <memory>

#include "edged/bindings/workflows/workflow_engine.h"
#include "edged/bindings/workflows/workflow_store.h"
#include "edged/runtime/js_values.h"
#include "edged/runtime/realm.h"
#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::bindings::workflows {
namespace {

// This realm's connection to each Workflow's file, opened on first use.
class WorkflowState : public runtime::RealmState {
 public:
  std::map<std::string, std::unique_ptr<WorkflowStore>, std::less<>> stores;
};

int64_t nowMs() { return static_cast<int64_t>(clock::nowMs()); }

// Logs `detail` with a reference id and throws "internal error; reference = <id>".
void throwInternal(runtime::Realm& realm, std::string_view detail) {
  std::string reference = log::newReferenceId();
  log::workerLine(spdlog::level::err, realm.workerName(), realm.currentRequestId(),
                  fmt::format("internal error; reference = {}: Workflows: {}", reference, detail));
  realm.isolate()->ThrowException(v8::Exception::Error(
      runtime::newString(realm.isolate(), "internal error; reference = " + reference)));
}

// What every op starts with: its realm, the Workflow's store and the instance id.
struct OpContext {
  runtime::Realm* realm = nullptr;
  WorkflowStore* store = nullptr;
  std::string worker;
  std::string workflow;
  std::string id;
  int64_t generation = 0;
};

// Null store (with an exception thrown) when the file cannot be opened.
OpContext begin(const v8::FunctionCallbackInfo<v8::Value>& info, bool with_generation) {
  v8::Isolate* isolate = info.GetIsolate();
  OpContext op;
  op.realm = runtime::Realm::from(isolate);
  if (op.realm == nullptr) return op;
  op.worker = runtime::toUtf8(isolate, info[0]);
  op.workflow = runtime::toUtf8(isolate, info[1]);
  op.id = runtime::toUtf8(isolate, info[2]);
  if (with_generation) {
    op.generation = static_cast<int64_t>(info[3]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0));
  }
  auto& stores = op.realm->state<WorkflowState>().stores;
  std::string key = op.worker + '\n' + op.workflow;
  auto found = stores.find(key);
  if (found == stores.end()) {
    if (op.realm->options().data_dir.empty()) {
      throwInternal(*op.realm, "Workflows need a data directory");
      return op;
    }
    auto opened = WorkflowStore::open(workflowFile(op.realm->options().data_dir, op.worker, op.workflow));
    if (!opened.ok()) {
      throwInternal(*op.realm, opened.error().message);
      return op;
    }
    found = stores.emplace(std::move(key), std::move(opened).value()).first;
  }
  op.store = found->second.get();
  return op;
}

std::string_view bytesOf(v8::Local<v8::Value> value) {
  auto bytes = runtime::bufferSourceBytes(value);
  if (!bytes) return {};
  return {reinterpret_cast<const char*>(bytes->data()), bytes->size()};
}

v8::Local<v8::Value> bytesValue(v8::Isolate* isolate, std::string_view bytes) {
  return runtime::newUint8Array(
      isolate, {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

int64_t integerArg(const v8::FunctionCallbackInfo<v8::Value>& info, int index) {
  return static_cast<int64_t>(
      info[index]->NumberValue(info.GetIsolate()->GetCurrentContext()).FromMaybe(0));
}

std::string stringArg(const v8::FunctionCallbackInfo<v8::Value>& info, int index) {
  return runtime::toUtf8(info.GetIsolate(), info[index]);
}

// Returns the result's value through `set`, or throws its error as an internal one.
template <typename T, typename Set>
void answer(const OpContext& op, Result<T> result, Set set) {
  if (!result.ok()) return throwInternal(*op.realm, result.error().message);
  set(result.value());
}

void setGate(const v8::FunctionCallbackInfo<v8::Value>& info, const OpContext& op, Result<Gate> gate) {
  answer(op, std::move(gate), [&](Gate value) {
    info.GetReturnValue().Set(runtime::newString(info.GetIsolate(), gateName(value)));
  });
}

void setControl(const v8::FunctionCallbackInfo<v8::Value>& info, const OpContext& op,
                Result<ControlOutcome> outcome) {
  answer(op, std::move(outcome), [&](ControlOutcome value) {
    std::string_view text = value == ControlOutcome::kDone       ? "ok"
                            : value == ControlOutcome::kNotFound ? "not_found"
                                                                 : "finished";
    info.GetReturnValue().Set(runtime::newString(info.GetIsolate(), text));
    if (value == ControlOutcome::kDone) wakeInstance(op.worker, op.workflow, op.id);
  });
}

v8::Local<v8::Value> nullable(v8::Isolate* isolate, const std::optional<std::string>& text) {
  if (!text) return v8::Null(isolate);
  return runtime::newString(isolate, *text);
}

void setLookup(const v8::FunctionCallbackInfo<v8::Value>& info, const OpContext& op,
               Result<StepLookup> lookup) {
  answer(op, std::move(lookup), [&](const StepLookup& value) {
    v8::Isolate* isolate = info.GetIsolate();
    v8::Local<v8::Value> items[9] = {runtime::newString(isolate, gateName(value.gate)),
                                     v8::Null(isolate), v8::Null(isolate), v8::Null(isolate),
                                     v8::Null(isolate), v8::Number::New(isolate, 0), v8::Null(isolate),
                                     v8::Null(isolate), v8::Number::New(isolate, 0)};
    if (value.step) {
      const StepRecord& step = *value.step;
      std::string_view state = step.state == StepRecord::State::kDone     ? "done"
                               : step.state == StepRecord::State::kFailed ? "failed"
                                                                          : "pending";
      items[1] = runtime::newString(isolate, state);
      if (step.state == StepRecord::State::kDone) items[2] = bytesValue(isolate, step.value);
      items[3] = runtime::newString(isolate, step.error.name);
      items[4] = runtime::newString(isolate, step.error.message);
      items[5] = v8::Number::New(isolate, static_cast<double>(step.attempts));
      if (step.wake_at) items[6] = v8::Number::New(isolate, static_cast<double>(*step.wake_at));
      items[7] = nullable(isolate, step.event_type);
      items[8] = v8::Number::New(isolate, static_cast<double>(step.event_timestamp));
    }
    info.GetReturnValue().Set(v8::Array::New(isolate, items, 9));
  });
}

}  // namespace

// ---- env.<binding> ----------------------------------------------------------------------------

void opWorkflowCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, false);
  if (op.store == nullptr) return;
  answer(op, op.store->create(op.id, bytesOf(info[3]), nowMs()), [&](bool created) {
    info.GetReturnValue().Set(created);
    if (created) wakeInstance(op.worker, op.workflow, op.id);
  });
}

void opWorkflowStatus(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, false);
  if (op.store == nullptr) return;
  answer(op, op.store->instance(op.id), [&](const std::optional<InstanceRecord>& instance) {
    v8::Isolate* isolate = info.GetIsolate();
    if (!instance) return info.GetReturnValue().SetNull();
    v8::Local<v8::Value> items[4] = {runtime::newString(isolate, statusName(instance->status)),
                                     v8::Null(isolate), v8::Null(isolate), v8::Null(isolate)};
    if (instance->output) items[1] = bytesValue(isolate, *instance->output);
    if (instance->error) {
      items[2] = runtime::newString(isolate, instance->error->name);
      items[3] = runtime::newString(isolate, instance->error->message);
    }
    info.GetReturnValue().Set(v8::Array::New(isolate, items, 4));
  });
}

void opWorkflowControl(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, false);
  if (op.store == nullptr) return;
  std::string action = stringArg(info, 3);
  int64_t now = nowMs();
  if (action == "pause") return setControl(info, op, op.store->pause(op.id, now));
  if (action == "resume") return setControl(info, op, op.store->resume(op.id, now));
  if (action == "terminate") return setControl(info, op, op.store->terminate(op.id));
  if (action == "restart") return setControl(info, op, op.store->restart(op.id, now));
  runtime::throwTypeError(info.GetIsolate(), "unknown Workflow instance action");
}

void opWorkflowSendEvent(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, false);
  if (op.store == nullptr) return;
  setControl(info, op, op.store->addEvent(op.id, stringArg(info, 3), bytesOf(info[4]), nowMs()));
}

// ---- a run ------------------------------------------------------------------------------------

void opWorkflowBeginRun(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, true);
  if (op.store == nullptr) return;
  answer(op, op.store->beginRun(op.id, op.generation, nowMs()), [&](const RunStart& start) {
    v8::Isolate* isolate = info.GetIsolate();
    v8::Local<v8::Value> items[3] = {runtime::newString(isolate, gateName(start.gate)),
                                     bytesValue(isolate, start.params),
                                     v8::Number::New(isolate, static_cast<double>(start.created_at))};
    info.GetReturnValue().Set(v8::Array::New(isolate, items, 3));
  });
}

void opWorkflowStep(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, true);
  if (op.store == nullptr) return;
  setLookup(info, op, op.store->step(op.id, op.generation, stringArg(info, 4), nowMs()));
}

void opWorkflowTakeEvent(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, true);
  if (op.store == nullptr) return;
  setLookup(info, op,
            op.store->takeEvent(op.id, op.generation, stringArg(info, 4), stringArg(info, 5), nowMs()));
}

void opWorkflowCompleteStep(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, true);
  if (op.store == nullptr) return;
  setGate(info, op,
          op.store->completeStep(op.id, op.generation, stringArg(info, 4), bytesOf(info[5]), nowMs()));
}

void opWorkflowFailStep(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, true);
  if (op.store == nullptr) return;
  StepError error{stringArg(info, 6), stringArg(info, 7)};
  setGate(info, op, op.store->failStep(op.id, op.generation, stringArg(info, 4), integerArg(info, 5),
                                       error, nowMs()));
}

void opWorkflowDeferStep(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, true);
  if (op.store == nullptr) return;
  setGate(info, op, op.store->deferStep(op.id, op.generation, stringArg(info, 4), integerArg(info, 5),
                                        integerArg(info, 6), nowMs()));
}

void opWorkflowSuspend(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, true);
  if (op.store == nullptr) return;
  bool waiting = info[5]->BooleanValue(info.GetIsolate());
  setGate(info, op, op.store->suspend(op.id, op.generation, integerArg(info, 4), waiting, nowMs()));
}

void opWorkflowComplete(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, true);
  if (op.store == nullptr) return;
  setGate(info, op, op.store->complete(op.id, op.generation, bytesOf(info[4]), nowMs()));
}

void opWorkflowFail(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op = begin(info, true);
  if (op.store == nullptr) return;
  StepError error{stringArg(info, 4), stringArg(info, 5)};
  setGate(info, op, op.store->fail(op.id, op.generation, error, nowMs()));
}

}  // namespace edged::bindings::workflows
