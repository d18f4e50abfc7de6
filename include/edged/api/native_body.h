#pragma once
// A response body produced natively — a subrequest's unread body, an R2 object's blob — that a
// Worker returns unchanged: edged pipes it to the client without passing the bytes through
// JavaScript (api/fetch_event.cc respondWithNativeBody).

#include <v8-function-callback.h>

#include <functional>
#include <string_view>

#include "edged/util/result.h"

namespace edged::api {

// Where a native body delivers its bytes.
struct BodyPipe {
  std::function<void(std::string_view)> on_chunk;  // the bytes are valid only during the call
  std::function<void(Status)> on_end;             // once, last
};

struct NativeBodySource {
  // Starts delivering into `pipe`; false when the body is no longer available. Callbacks may run
  // before this returns.
  std::function<bool(BodyPipe)> start;
  // Backpressure: while paused, no more chunks are produced.
  std::function<void(bool paused)> pause;
  // The client went away: stop at once (on_end may still run, its status is then ignored).
  std::function<void()> abort;
};

// The shared body of ops.fetchPipe and its kin, called as op(fetchId, <source id>, status,
// statusText, headers[flat], contentLength): answers the fetch event with that head and pipes
// `source` to the client with backpressure. Returns (sets as the op's result) a Promise that
// settles when the body is over, rejected with a TypeError when the source failed mid-body.
void respondWithNativeBody(const v8::FunctionCallbackInfo<v8::Value>& info, NativeBodySource source);

}  // namespace edged::api
