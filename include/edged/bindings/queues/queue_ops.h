#pragma once
// The native ops of a queue producer binding (their JS half: runtime-js/api/56_queues.js).

#include <v8-function-callback.h>

namespace edged::bindings::queues {

// ops.queueSend(queue, isBatch, messages): `messages` is an array of [contentType, body,
// delaySeconds] with the body serialized by JS (a string for "text" and "json", a Uint8Array
// for "bytes" and "v8"). Checks Cloudflare's limits (throwing their Error), commits every
// message to the queues file in one transaction, then wakes the broker. Returns undefined.
void opQueueSend(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::queues
