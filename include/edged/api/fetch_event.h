#pragma once
// The bridge between one HTTP exchange (net/) and a Worker's fetch handler (runtime-js
// api/30_fetch_event.js). C++ owns the exchange; JS sees only an integer id and calls the ops
// below to read the request body and to write the response, both streamed with backpressure.

#include <v8-function-callback.h>

#include <functional>
#include <memory>
#include <string>

#include "edged/net/http_exchange.h"
#include "edged/runtime/realm.h"

namespace edged::api {

struct IncomingRequest {
  std::shared_ptr<net::HttpExchange> exchange;
  std::string url;         // absolute URL the Worker sees as request.url
  std::string request_id;  // shown in log lines
};

// How a request ended, for the request log and metrics.
struct FetchOutcome {
  // Workers' outcome names: "ok", "exception", "exceededCpu", "exceededMemory", "canceled".
  enum class Kind { kOk, kException, kExceededCpu, kExceededMemory, kCanceled };
  Kind kind = Kind::kOk;
  int status = 0;             // the response's status; 0 when no head was sent
  uint64_t response_ns = 0;   // clock::monotonicNs() when the response ended; 0: it never did
  uint64_t cpu_ns = 0;        // CPU time the request's JavaScript used
};
const char* outcomeName(FetchOutcome::Kind kind);

// Runs the realm's fetch handler for `request`. `on_finished` runs once, when the response has
// been sent and the request's waitUntil work settled (bounded), or when it failed.
void dispatchFetch(runtime::Realm& realm, IncomingRequest request,
                   std::function<void(const FetchOutcome&)> on_finished);

// Ends every request still open in `realm` with `status` (or a reset connection when the head
// was already sent). Used when the isolate broke a limit and is being discarded.
void failAllFetches(runtime::Realm& realm, int status, const std::string& message);

// Number of requests still open in `realm` (including ones only waiting on waitUntil).
size_t openFetchCount(runtime::Realm& realm);

// ops.fetchBodyRead(id) → Promise<Uint8Array | null>; null at the end of the body.
void opFetchBodyRead(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchBodyReadAll(id) → Promise<Uint8Array>: the whole body at once (request.json() and
// friends on a body nobody streamed).
void opFetchBodyReadAll(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchRespond(id, status, statusText, headers[flat], body): body is a string or
// BufferSource (the whole body), null (none), or a number: the Content-Length of a body that
// follows through fetchWrite, -1 when unknown (chunked).
void opFetchRespond(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchUpgrade(id, webSocketId, headers[flat]): answers a WebSocket handshake with 101 and
// connects the client's connection to the other end of the returned WebSocket.
void opFetchUpgrade(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchWrite(id, Uint8Array) → undefined, or a Promise when the client is slow to read.
void opFetchWrite(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchPipe(id, subrequestId, status, statusText, headers[flat], contentLength) → Promise:
// answers with the head and pipes the subrequest's unread response body to the client natively
// (a Worker returning a fetch() response unchanged), with backpressure both ways; settles when
// the body is over (rejects with a TypeError if the origin failed mid-body).
void opFetchPipe(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchEnd(id): the streamed body is complete.
void opFetchEnd(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchFail(id, error): the handler threw or its body stream errored; logs the error.
void opFetchFail(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchDone(id): the response is over and every waitUntil promise settled.
void opFetchDone(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
