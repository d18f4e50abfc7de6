#pragma once
// Native ops of the WebSocket Hibernation API on DurableObjectState
// (runtime-js/api/51_durable_objects.js). Each takes the object's handle first.

#include <v8-function-callback.h>

namespace edged::bindings::durable_objects {

// ops.doAcceptWebSocket(handle, socketId, tags[]): the socket's events go to the object.
void opDoAcceptWebSocket(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.doGetWebSockets(handle, tag?) → [[socketId, attachment: Uint8Array | null], …].
void opDoGetWebSockets(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.doGetTags(handle, socketId) → string[] (TypeError if not hibernatable here).
void opDoGetTags(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.doSetAttachment(handle, socketId, bytes): kept natively, so it survives eviction.
void opDoSetAttachment(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.doSetAutoResponse(handle, request?, response?): no request clears it.
void opDoSetAutoResponse(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.doGetAutoResponseTimestamp(handle, socketId) → ms since the epoch, or null.
void opDoGetAutoResponseTimestamp(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::durable_objects
