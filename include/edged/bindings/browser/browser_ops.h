#pragma once
// The native ops of env.<browser binding> (runtime-js/api/59_browser.js), reaching the running
// BrowserService. Without one (edged check, unit tests) they answer 503.

#include <v8-function-callback.h>

namespace edged::bindings::browser {

// ops.browserAcquire(keepAliveMs) → Promise<[status, body]>: 200 with {"sessionId":…}, else the
// reason (429 over the bound, 500 Chromium failed to start, 503 stopping).
void opBrowserAcquire(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.browserConnect(sessionId, chunked) → a WebSocket id whose peer is relayed to the session's
// browser, or [status, message] (404 no such session, 409 in use or starting).
void opBrowserConnect(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.browserInfo("sessions" | "history" | "limits") → the JSON body, or undefined.
void opBrowserInfo(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::browser
