#pragma once
// The native half of setTimeout/setInterval: one libuv timer per pending JS timer, owned by the
// realm. When one fires, runtime JS's internals.onTimer(id) runs (runtime-js/api/15_timers.js
// keeps callbacks, arguments and intervals).

#include <v8-function-callback.h>

namespace edged::api {

// ops.timerStart(id, delayMs): arms timer `id` (a JS-chosen positive integer).
void opTimerStart(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.timerCancel(id): disarms it; unknown ids are ignored.
void opTimerCancel(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
