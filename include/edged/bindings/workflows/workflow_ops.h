#pragma once
// The native ops of Workflows (their JS half: runtime-js/api/57_workflows.js), over each
// Workflow's WorkflowStore (this thread's own connection). Every op names its Workflow by the
// Worker that runs it and the Workflow's name, then the instance id. Values are bytes from
// ops.serialize; times are milliseconds since the epoch. A run's ops take the instance's
// generation and answer a gate first ("proceed", "pause" or "abandon": workflow_store.h).

#include <v8-function-callback.h>

namespace edged::bindings::workflows {

// ---- env.<binding> ----
// (worker, workflow, id, params) → true, or false when the id is taken.
void opWorkflowCreate(const v8::FunctionCallbackInfo<v8::Value>& info);
// (worker, workflow, id) → null or [status, output bytes|null, error name|null, error message|null]
void opWorkflowStatus(const v8::FunctionCallbackInfo<v8::Value>& info);
// (worker, workflow, id, "pause"|"resume"|"terminate"|"restart") → "ok"|"not_found"|"finished"
void opWorkflowControl(const v8::FunctionCallbackInfo<v8::Value>& info);
// (worker, workflow, id, type, payload) → "ok"|"not_found"|"finished"
void opWorkflowSendEvent(const v8::FunctionCallbackInfo<v8::Value>& info);

// ---- a run ----
// (worker, workflow, id, generation) → [gate, params bytes, created at]
void opWorkflowBeginRun(const v8::FunctionCallbackInfo<v8::Value>& info);
// (…, key) and (…, key, type) → [gate, state|null, value bytes|null, error name, error message,
// attempts, wake at|null, event type|null, event timestamp]
void opWorkflowStep(const v8::FunctionCallbackInfo<v8::Value>& info);
void opWorkflowTakeEvent(const v8::FunctionCallbackInfo<v8::Value>& info);
// Each → gate. (…, key, value); (…, key, attempts, name, message); (…, key, attempts, next at);
// (…, wake at, waiting); (…, output); (…, name, message).
void opWorkflowCompleteStep(const v8::FunctionCallbackInfo<v8::Value>& info);
void opWorkflowFailStep(const v8::FunctionCallbackInfo<v8::Value>& info);
void opWorkflowDeferStep(const v8::FunctionCallbackInfo<v8::Value>& info);
void opWorkflowSuspend(const v8::FunctionCallbackInfo<v8::Value>& info);
void opWorkflowComplete(const v8::FunctionCallbackInfo<v8::Value>& info);
void opWorkflowFail(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::workflows
