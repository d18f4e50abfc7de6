#pragma once
// The native half of node:async_hooks' AsyncLocalStorage: V8's "continuation preserved
// embedder data", a value V8 captures when a promise reaction is created (await, then) and
// restores while that reaction runs. runtime-js keeps the current frame of stores in it;
// timers and queueMicrotask capture and restore it themselves.

#include <v8-function-callback.h>

namespace edged::api {

// ops.asyncContextGet() → the current frame (undefined when none).
void opAsyncContextGet(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.asyncContextSet(frame): makes `frame` current for this turn and the continuations it
// creates.
void opAsyncContextSet(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
