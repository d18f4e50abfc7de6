#pragma once
// One event of a live tail as JSON, in the shape Cloudflare's tail sends (and wrangler tail
// prints): {wallTime, cpuTime, truncated, executionModel, outcome, scriptName, scriptVersion,
// diagnosticsChannelEvents, exceptions[{name,message,timestamp,stack}],
// logs[{message:[…],level,timestamp}], eventTimestamp, event}. `event` depends on what ran:
// fetch {request:{url,method,headers,cf}, response:{status}}, scheduled {cron,scheduledTime},
// queue {queue,batchSize}; a notice from the tail itself is {type:"overload",message}.

#include <cstdint>
#include <string>
#include <string_view>

#include "edged/net/http_types.h"
#include "edged/runtime/request_trace.h"

namespace edged::server {

// What every event carries besides `event`.
struct TailEventCommon {
  std::string_view script_name;
  std::string_view version_id;
  std::string_view outcome;       // Workers' outcome names
  double event_timestamp_ms = 0;  // Unix time the event began
  double wall_ms = 0;
  double cpu_ms = 0;
  const runtime::RequestTrace* trace = nullptr;  // null: no logs, no exceptions
};

// The `event` of a fetch: request headers as an object (names lowercase, repeated fields joined
// with ", "), the values of Authorization and Cookie "REDACTED" as Cloudflare's tail shows them;
// `status` 0 leaves out the response (none was sent).
std::string fetchTailEventJson(const TailEventCommon& common, const net::HttpRequestHead& head,
                               std::string_view url, int status);

// The `event` of a worker event (`kind` "scheduled" or "queue", `payload_json` what the
// background service sent); other kinds are not shown and give "".
std::string workerTailEventJson(const TailEventCommon& common, std::string_view kind,
                                std::string_view payload_json);

// The notice a slow client gets once events were dropped for it (wrangler prints it in red).
std::string tailOverloadJson(uint64_t dropped, double now_ms);

}  // namespace edged::server
