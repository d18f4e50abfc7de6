#pragma once
// The native half of the Workers WebSocket API (runtime-js/api/52_websocket.js): each JavaScript
// WebSocket is one end of a WebSocketChannel, known to its realm by an integer id. Listed in
// src/ops/native_ops.cc.

#include <v8-function-callback.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "edged/api/websocket_channel.h"
#include "edged/runtime/realm.h"

namespace edged::api {

// ops.wsPair() → [id, id]: the two ends of a new channel (a WebSocketPair).
void opWsPair(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.wsAccept(id): from now on, what the other end sends arrives as internals.wsEvent(id,
// "message", data) / (id, "close", code, reason, wasClean) on this realm's loop.
void opWsAccept(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.wsSend(id, data): a string (text) or an ArrayBuffer/view (binary) to the other end.
void opWsSend(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.wsClose(id, code, reason): a Close to the other end (code 1005: none given).
void opWsClose(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.wsPark(id) → token: hands the end over (a Durable Object's 101 reply); the id is gone.
// ops.wsClaim(token) → id: takes a parked end into this realm (null if unknown).
void opWsPark(const v8::FunctionCallbackInfo<v8::Value>& info);
void opWsClaim(const v8::FunctionCallbackInfo<v8::Value>& info);

// Removes end `id` from the realm for native use (an HTTP upgrade connects it to a session).
std::optional<std::pair<std::shared_ptr<WebSocketChannel>, int>> takeWebSocketEnd(
    runtime::Realm& realm, int32_t id);
// Registers an end in the realm (as ops.wsClaim does); returns its id.
int32_t adoptWebSocketEnd(runtime::Realm& realm, std::shared_ptr<WebSocketChannel> channel, int end);
// Removes end `id` and tells its peer it went away (1001, `reason`); JavaScript hears nothing
// more from it. No-op if the end is already gone.
void dropWebSocketEnd(runtime::Realm& realm, int32_t id, std::string reason);
// Attaches end `id` so its events reach `sink` on this realm's thread (hibernatable sockets).
bool attachWebSocketEnd(runtime::Realm& realm, int32_t id, WebSocketChannel::Sink sink);
// Sends `event` from end `id` to its peer, without JavaScript (automatic responses).
bool sendFromWebSocketEnd(runtime::Realm& realm, int32_t id, WebSocketEvent event);

}  // namespace edged::api
