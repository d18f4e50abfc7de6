#include "edged/server/scheduled_trigger.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <string>

#include "edged/server/scheduled_event.h"
#include "edged/util/clock.h"
#include "edged/util/json_escape.h"
#include "edged/util/log.h"

namespace edged::server {
namespace {

constexpr std::string_view kHandlerPath = "/cdn-cgi/handler/scheduled";
constexpr std::string_view kLegacyPath = "/__scheduled";

// The path and query of an origin-form or absolute-form request-target (RFC 9112 §3.2).
std::string_view pathAndQuery(std::string_view target) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.starts_with(scheme)) {
      size_t slash = target.find('/', scheme.size());
      return slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
  }
  return target;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding (WHATWG URL §5.1): `+` is a space, `%XX` a byte, a
// `%` not followed by two hex digits stays as it is.
std::string formDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%' && i + 2 < in.size() && hexDigit(in[i + 1]) >= 0 &&
               hexDigit(in[i + 2]) >= 0) {
      out += static_cast<char>(hexDigit(in[i + 1]) * 16 + hexDigit(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

// The first value of `name` in `query` (URLSearchParams.get).
std::optional<std::string> queryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    if (formDecode(pair.substr(0, eq)) != name) continue;
    return eq == std::string_view::npos ? std::string() : formDecode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

// Miniflare's `time ? new Date(parseInt(time)) : now`: the leading integer of the parameter.
int64_t scheduledTimeFrom(const std::optional<std::string>& time) {
  int64_t now = static_cast<int64_t>(clock::nowMs());
  if (!time || time->empty()) return now;
  std::string_view text = *time;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() ? value : now;
}

void answer(net::HttpExchange& exchange, int status, std::string_view content_type, std::string body) {
  exchange.respond(status, {}, {{"Content-Type", std::string(content_type)}}, std::move(body));
}

// As Miniflare (the outcome; JSON with format=json) or wrangler's middleware ("Ran scheduled
// event"; on failure the error, 500) answer.
void respond(net::HttpExchange& exchange, const ScheduledResult& result, bool legacy, bool json) {
  int status = result.ok() ? 200 : 500;
  if (legacy) {
    answer(exchange, status, "text/plain;charset=UTF-8",
           result.ok() ? "Ran scheduled event" : result.error);
  } else if (json) {
    answer(exchange, status, "application/json",
           "{\"outcome\":" + jsonQuote(result.outcome) +
               ",\"noRetry\":" + (result.no_retry ? "true" : "false") + "}");
  } else {
    answer(exchange, status, "text/plain;charset=UTF-8", result.outcome);
  }
}

}  // namespace

bool isScheduledTriggerTarget(std::string_view target) {
  std::string_view path = pathAndQuery(target);
  path = path.substr(0, path.find('?'));
  return path == kHandlerPath || path == kLegacyPath;
}

void runScheduledTrigger(runtime::Realm& realm, std::shared_ptr<net::HttpExchange> exchange,
                         std::function<void()> finished) {
  std::string_view target = pathAndQuery(exchange->head().target);
  size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::string_view query = question == std::string_view::npos ? "" : target.substr(question + 1);
  bool legacy = path == kLegacyPath;
  // wrangler's middleware reads only `cron`; Miniflare's handler also `time` and `format`.
  std::string cron = queryParam(query, "cron").value_or("");
  int64_t time = legacy ? static_cast<int64_t>(clock::nowMs()) : scheduledTimeFrom(queryParam(query, "time"));
  bool json = !legacy && queryParam(query, "format") == "json";
  api::dispatchWorkerEvent(
      realm, std::string(kScheduledEventKind), scheduledPayload(cron, time),
      [exchange = std::move(exchange), finished = std::move(finished), legacy, json,
       worker = realm.workerName(), cron](api::WorkerEventOutcome outcome) {
        ScheduledResult result = scheduledResult(outcome);
        if (!result.ok()) {
          log::workerLine(spdlog::level::err, worker, log::newReferenceId(),
                          fmt::format("scheduled event for cron \"{}\" (test URL) failed ({}): {}", cron,
                                      result.outcome, result.error));
        }
        if (exchange->isOpen()) respond(*exchange, result, legacy, json);
        finished();
      });
}

}  // namespace edged::server
