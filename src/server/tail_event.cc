#include "edged/server/tail_event.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "edged/util/json_escape.h"

namespace edged::server {
namespace {

// Field values a tail never shows, as on Cloudflare: they carry credentials.
bool redacted(std::string_view lowercase_name) {
  return lowercase_name == "authorization" || lowercase_name == "cookie";
}

std::string logsJson(const runtime::RequestTrace* trace) {
  std::string out = "[";
  if (trace != nullptr) {
    for (const runtime::TraceLog& log : trace->logs) {
      if (out.size() > 1) out += ',';
      out += fmt::format(R"({{"message":{},"level":{},"timestamp":{:.0f}}})", log.message_json,
                         jsonQuote(log.level), log.timestamp_ms);
    }
  }
  return out + "]";
}

std::string exceptionsJson(const runtime::RequestTrace* trace) {
  std::string out = "[";
  if (trace != nullptr) {
    for (const runtime::TraceException& e : trace->exceptions) {
      if (out.size() > 1) out += ',';
      out += fmt::format(R"({{"name":{},"message":{},"timestamp":{:.0f})", jsonQuote(e.name),
                         jsonQuote(e.message), e.timestamp_ms);
      if (!e.stack.empty()) out += R"(,"stack":)" + jsonQuote(e.stack);
      out += '}';
    }
  }
  return out + "]";
}

std::string envelope(const TailEventCommon& c, const std::string& event) {
  return fmt::format(
      R"({{"wallTime":{:.0f},"cpuTime":{:.0f},"truncated":{},"executionModel":"stateless",)"
      R"("outcome":{},"scriptName":{},"scriptVersion":{{"id":{}}},"diagnosticsChannelEvents":[],)"
      R"("exceptions":{},"logs":{},"eventTimestamp":{:.0f},"event":{}}})",
      c.wall_ms, c.cpu_ms, c.trace != nullptr && c.trace->truncated ? "true" : "false",
      jsonQuote(c.outcome), jsonQuote(c.script_name), jsonQuote(c.version_id),
      exceptionsJson(c.trace), logsJson(c.trace), c.event_timestamp_ms, event);
}

}  // namespace

std::string fetchTailEventJson(const TailEventCommon& common, const net::HttpRequestHead& head,
                               std::string_view url, int status) {
  std::map<std::string, std::string> headers;
  for (const net::HttpHeader& h : head.headers) {
    std::string name = h.name;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    std::string value = redacted(name) ? "REDACTED" : h.value;
    auto [it, added] = headers.emplace(name, value);
    if (!added && !redacted(name)) it->second += ", " + value;
  }
  std::string headers_json = "{";
  for (const auto& [name, value] : headers) {
    if (headers_json.size() > 1) headers_json += ',';
    headers_json += jsonQuote(name) + ":" + jsonQuote(value);
  }
  headers_json += '}';
  // request.cf as edged's Workers see it (runtime-js internals.makeRequestCf): its own edge.
  std::string event = fmt::format(
      R"({{"request":{{"url":{},"method":{},"headers":{},"cf":{{"colo":"LOCAL","httpProtocol":"HTTP/1.1"}}}})",
      jsonQuote(url), jsonQuote(head.method), headers_json);
  if (status != 0) event += fmt::format(R"(,"response":{{"status":{}}})", status);
  return envelope(common, event + "}");
}

std::string workerTailEventJson(const TailEventCommon& common, std::string_view kind,
                                std::string_view payload_json) {
  simdjson::dom::parser parser;
  simdjson::dom::element payload;
  if (parser.parse(std::string(payload_json)).get(payload) != simdjson::SUCCESS) return {};
  if (kind == "scheduled") {
    std::string_view cron;
    int64_t scheduled_time = 0;
    if (payload["cron"].get(cron) != simdjson::SUCCESS) cron = {};
    if (payload["scheduledTime"].get(scheduled_time) != simdjson::SUCCESS) scheduled_time = 0;
    return envelope(common, fmt::format(R"({{"cron":{},"scheduledTime":{}}})", jsonQuote(cron),
                                        scheduled_time));
  }
  if (kind == "queue") {
    std::string_view queue;
    simdjson::dom::array messages;
    if (payload["queue"].get(queue) != simdjson::SUCCESS) queue = {};
    size_t size = payload["messages"].get(messages) == simdjson::SUCCESS ? messages.size() : 0;
    return envelope(common,
                    fmt::format(R"({{"queue":{},"batchSize":{}}})", jsonQuote(queue), size));
  }
  return {};
}

std::string tailOverloadJson(uint64_t dropped, double now_ms) {
  TailEventCommon common;
  common.outcome = "ok";
  common.event_timestamp_ms = now_ms;
  return envelope(common,
                  fmt::format(R"({{"type":"overload","message":{}}})",
                              jsonQuote(fmt::format("Tail dropped {} event{} because this client "
                                                    "reads too slowly. Add filters to see fewer.",
                                                    dropped, dropped == 1 ? "" : "s"))));
}

}  // namespace edged::server
