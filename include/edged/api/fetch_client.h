#pragma once
// The native half of outbound fetch() (runtime-js/api/26_fetch.js): each subrequest is an
// net::HttpClientExchange on the realm's connection pool, known to JS by an integer id. Request
// and response bodies stream both ways with backpressure; JS builds the Request/Response
// objects, follows redirects and applies AbortSignals.
//
// Subrequests are counted per incoming request (Realm::currentRequestId(); every callback from
// here re-enters JS under the id of the request that started the subrequest, so chained fetches
// count where they belong) against the Worker's limit, and wait for one of the request's six
// connection slots before connecting (api/subrequests.h). A slot is freed when the response
// head arrives.

#include <v8-function-callback.h>

#include <functional>
#include <string_view>

#include <string>

#include "edged/api/native_body.h"
#include "edged/runtime/realm.h"
#include "edged/util/result.h"

namespace edged::api {

// Ends what request `request_id` left behind: aborts its subrequests still open (each closes its
// connection; their promises are dropped unsettled, as Workers drop an ended invocation's I/O)
// and forgets its subrequest count and connection line. For the end of a fetch event
// (api/fetch_event.cc) and of a scheduled, queue or Workflow event (api/worker_events.cc).
void endSubrequestsOf(runtime::Realm& realm, const std::string& request_id);

// ops.fetchClientStart(method, https, host, port, target, hostHeader, headers[flat], bodyLength)
// → id. `host` is the URL's host without IPv6 brackets, `hostHeader` the Host value, `target`
// path + query; `bodyLength`: null (no body), -1 (unknown: chunked) or the byte count. Throws
// Error when the request has used up its subrequests, TypeError for an invalid method or target.
void opFetchClientStart(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchClientWrite(id, Uint8Array) → undefined (taken), a Promise (taken; wait for it before
// writing more) or false (the request body is not wanted any more: stop).
void opFetchClientWrite(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchClientEnd(id): the request body is complete.
void opFetchClientEnd(const v8::FunctionCallbackInfo<v8::Value>& info);
// The rest of a subrequest's response body delivered natively instead of to JavaScript: a Worker
// that returns a fetch() response unchanged has it piped to its client (api/fetch_event.cc).
// Starts piping subrequest `id`'s body, bytes already received first. False when the subrequest
// is gone or JS is reading it. Callbacks may run before this returns.
bool pipeSubrequestBody(runtime::Realm& realm, double id, BodyPipe pipe);
// Backpressure for a piped body: while paused the origin's socket is not read.
void pauseSubrequestBody(runtime::Realm& realm, double id, bool paused);
// Ends subrequest `id` now (its client went away); no callback runs afterwards.
void abortSubrequest(runtime::Realm& realm, double id);

// ops.fetchClientResponse(id) → Promise<[status, statusText, headers[flat], hasBody, webSocketId]>; rejects
// with a TypeError carrying the network error (DNS, connect, TLS, protocol).
void opFetchClientResponse(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchClientRead(id) → Promise<Uint8Array | null>: response body bytes, null at the end;
// rejects with a TypeError when the connection failed mid-body.
void opFetchClientRead(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchClientAbort(id, reason): closes the connection; pending promises reject with `reason`
// (when given). Unknown ids are ignored.
void opFetchClientAbort(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
