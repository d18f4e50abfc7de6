#pragma once
// What a live log stream (Cloudflare's `wrangler tail`, server/tail_hub.h) shows of one request:
// the console lines and uncaught exceptions it produced, in order, with their times. Collected
// per realm, only for requests the server asked to trace (begin()), so a Worker nobody tails
// pays one empty-map check per console call and uncaught exception.

#include <v8-local-handle.h>
#include <v8-value.h>

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "edged/runtime/realm.h"

namespace edged::runtime {

struct TraceLog {
  std::string level;         // console's method name: "log", "info", "debug", "warn", "error"
  std::string message_json;  // a JSON array: the console call's arguments
  double timestamp_ms = 0;   // Unix time
};

struct TraceException {
  std::string name;     // "Error", "TypeError", …
  std::string message;  // the error's message
  std::string stack;    // may be empty
  double timestamp_ms = 0;
};

struct RequestTrace {
  std::vector<TraceLog> logs;
  std::vector<TraceException> exceptions;
  size_t bytes = 0;        // what logs and exceptions hold
  bool truncated = false;  // some were left out: past kMaxTraceBytes
};

// Cloudflare truncates a trace's logs past a fixed size; edged keeps the same bound per request
// so one chatty request cannot hold unbounded memory while it runs.
constexpr size_t kMaxTraceBytes = 256 * 1024;

class RequestTraces : public RealmState {
 public:
  // Starts collecting for `request_id`; collection ends when the caller drops the trace, so the
  // server reads it when the request finishes without touching the realm (which may be going).
  std::shared_ptr<RequestTrace> begin(const std::string& request_id);
  // The trace of `request_id` while it is collected, else null (the cheap check first).
  std::shared_ptr<RequestTrace> find(const std::string& request_id);

 private:
  std::unordered_map<std::string, std::weak_ptr<RequestTrace>> open_;
};

// A console call of the current request, when it is traced: `args` is the call's arguments
// (an array; anything else, or arguments JSON cannot represent, stands as `text`, the line as
// the server log shows it).
void traceConsole(Realm& realm, const std::string& level, const std::string& text,
                  v8::Local<v8::Value> args);

// An uncaught exception of the current request, when it is traced.
void traceException(Realm& realm, v8::Local<v8::Value> exception);

}  // namespace edged::runtime
